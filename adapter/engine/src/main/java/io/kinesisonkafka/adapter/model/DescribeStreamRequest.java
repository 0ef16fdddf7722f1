package io.kinesisonkafka.adapter.model;

/** DescribeStream: a stream, and which page of its shards ({@link #of} gives the first). */
public record DescribeStreamRequest(StreamRef stream, Integer limit, String exclusiveStartShardId) {
  /** The stream with its first page of shards, of the default size. */
  public static DescribeStreamRequest of(StreamRef stream) {
    return new DescribeStreamRequest(stream, null, null);
  }

  /** This request, with at most that many shards (1 to 10000). */
  public DescribeStreamRequest withLimit(Integer max) {
    return new DescribeStreamRequest(stream, max, exclusiveStartShardId);
  }

  /** This request, with the shards after that one. */
  public DescribeStreamRequest withExclusiveStartShardId(String shardId) {
    return new DescribeStreamRequest(stream, limit, shardId);
  }
}
