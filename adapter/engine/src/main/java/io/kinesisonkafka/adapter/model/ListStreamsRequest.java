package io.kinesisonkafka.adapter.model;

/**
 * ListStreams: the first page of stream names ({@link #all}, optionally after a name and with a
 * page size), or the page an earlier answer's next token names ({@link #next}).
 *
 * @param limit the most streams per page, 1 to 10000; null for the default
 * @param exclusiveStartStreamName the name the page starts after; null for the first page
 * @param nextToken an earlier answer's next token; null for a first page
 */
public record ListStreamsRequest(Integer limit, String exclusiveStartStreamName, String nextToken) {

  /**
   * The first page of every stream, of the default size.
   *
   * @return a request with nothing set
   */
  public static ListStreamsRequest all() {
    return new ListStreamsRequest(null, null, null);
  }

  /**
   * The page an earlier answer's next token names.
   *
   * @param nextToken the token of an earlier {@link ListStreamsResult}
   * @return a request with only the token set
   */
  public static ListStreamsRequest next(String nextToken) {
    return new ListStreamsRequest(null, null, nextToken);
  }

  /**
   * This request, with at most that many streams (1 to 10000).
   *
   * @param max the most streams per page; null for the default
   * @return a new request; this one is unchanged
   */
  public ListStreamsRequest withLimit(Integer max) {
    return new ListStreamsRequest(max, exclusiveStartStreamName, nextToken);
  }

  /**
   * This request, with the streams whose names follow that one.
   *
   * @param name the name the page starts after (it need not exist); null for the first page
   * @return a new request; this one is unchanged
   */
  public ListStreamsRequest withExclusiveStartStreamName(String name) {
    return new ListStreamsRequest(limit, name, nextToken);
  }
}
