package io.kinesisonkafka.adapter.model;

/**
 * DescribeStream: a stream, and which page of its shards ({@link #of} gives the first).
 *
 * @param stream the stream, by name or ARN
 * @param limit the most shards to return, 1 to 10000; null for the default
 * @param exclusiveStartShardId the shard the page starts after; null for the first page
 */
public record DescribeStreamRequest(StreamRef stream, Integer limit, String exclusiveStartShardId) {
  /**
   * The stream with its first page of shards, of the default size.
   *
   * @param stream the stream, by name or ARN
   * @return a request with no limit and no start shard
   */
  public static DescribeStreamRequest of(StreamRef stream) {
    return new DescribeStreamRequest(stream, null, null);
  }

  /**
   * This request, with at most that many shards (1 to 10000).
   *
   * @param max the most shards to return; null for the default
   * @return a new request; this one is unchanged
   */
  public DescribeStreamRequest withLimit(Integer max) {
    return new DescribeStreamRequest(stream, max, exclusiveStartShardId);
  }

  /**
   * This request, with the shards after that one.
   *
   * @param shardId the last shard of the previous page; null for the first page
   * @return a new request; this one is unchanged
   */
  public DescribeStreamRequest withExclusiveStartShardId(String shardId) {
    return new DescribeStreamRequest(stream, limit, shardId);
  }
}
