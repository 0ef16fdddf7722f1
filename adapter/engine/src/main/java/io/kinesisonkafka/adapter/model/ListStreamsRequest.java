package io.kinesisonkafka.adapter.model;

/**
 * ListStreams: the first page of stream names ({@link #all}, optionally after a name and with a
 * page size), or the page an earlier answer's next token names ({@link #next}).
 */
public record ListStreamsRequest(Integer limit, String exclusiveStartStreamName, String nextToken) {

  /** The first page of every stream, of the default size. */
  public static ListStreamsRequest all() {
    return new ListStreamsRequest(null, null, null);
  }

  /** The page an earlier answer's next token names. */
  public static ListStreamsRequest next(String nextToken) {
    return new ListStreamsRequest(null, null, nextToken);
  }

  /** This request, with at most that many streams (1 to 10000). */
  public ListStreamsRequest withLimit(Integer max) {
    return new ListStreamsRequest(max, exclusiveStartStreamName, nextToken);
  }

  /** This request, with the streams whose names follow that one. */
  public ListStreamsRequest withExclusiveStartStreamName(String name) {
    return new ListStreamsRequest(limit, name, nextToken);
  }
}
