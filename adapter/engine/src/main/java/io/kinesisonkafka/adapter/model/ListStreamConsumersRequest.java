package io.kinesisonkafka.adapter.model;

/**
 * ListStreamConsumers: the first page of a stream's registered consumers ({@link #of}), or a later
 * page by the next token of an earlier answer ({@link #withNextToken}).
 *
 * @param streamArn the stream's ARN
 * @param nextToken an earlier answer's next token; null for the first page
 * @param maxResults the most consumers per page, 1 to 10000; null for the default
 */
public record ListStreamConsumersRequest(String streamArn, String nextToken, Integer maxResults) {

  /**
   * The first page of the stream's consumers, of the default size.
   *
   * @param streamArn the stream's ARN
   * @return a request with only the stream set
   */
  public static ListStreamConsumersRequest of(String streamArn) {
    return new ListStreamConsumersRequest(streamArn, null, null);
  }

  /**
   * This request, for the page that token names.
   *
   * @param token the next token of an earlier {@link ListConsumersResult}
   * @return a new request; this one is unchanged
   */
  public ListStreamConsumersRequest withNextToken(String token) {
    return new ListStreamConsumersRequest(streamArn, token, maxResults);
  }

  /**
   * This request, with at most that many consumers (1 to 10000).
   *
   * @param max the most consumers per page; null for the default
   * @return a new request; this one is unchanged
   */
  public ListStreamConsumersRequest withMaxResults(Integer max) {
    return new ListStreamConsumersRequest(streamArn, nextToken, max);
  }
}
