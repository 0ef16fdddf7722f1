package io.kinesisonkafka.adapter.model;

/**
 * ListStreamConsumers: the first page of a stream's registered consumers ({@link #of}), or a later
 * page by the next token of an earlier answer ({@link #withNextToken}).
 */
public record ListStreamConsumersRequest(String streamArn, String nextToken, Integer maxResults) {

  /** The first page of the stream's consumers, of the default size. */
  public static ListStreamConsumersRequest of(String streamArn) {
    return new ListStreamConsumersRequest(streamArn, null, null);
  }

  /** This request, for the page that token names. */
  public ListStreamConsumersRequest withNextToken(String token) {
    return new ListStreamConsumersRequest(streamArn, token, maxResults);
  }

  /** This request, with at most that many consumers (1 to 10000). */
  public ListStreamConsumersRequest withMaxResults(Integer max) {
    return new ListStreamConsumersRequest(streamArn, nextToken, max);
  }
}
