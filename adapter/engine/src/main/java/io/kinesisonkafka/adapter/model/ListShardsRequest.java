package io.kinesisonkafka.adapter.model;

/**
 * ListShards: the first page of a stream's shards ({@link #of}, optionally after a shard, with a
 * page size and a {@link ShardFilter}), or the next page of an earlier answer ({@link #next}).
 * Kinesis refuses a stream together with a next token, and a next token with a start shard or a
 * filter; the engine checks that, so the canonical constructor takes any combination.
 */
public record ListShardsRequest(
    StreamRef stream,
    String nextToken,
    String exclusiveStartShardId,
    Integer maxResults,
    ShardFilter filter) {

  /** The first page of the stream's shards, unfiltered, of the default size. */
  public static ListShardsRequest of(StreamRef stream) {
    return new ListShardsRequest(stream, null, null, null, null);
  }

  /** The page an earlier answer's next token names. */
  public static ListShardsRequest next(String nextToken) {
    return new ListShardsRequest(null, nextToken, null, null, null);
  }

  /** This request, starting after that shard. */
  public ListShardsRequest withExclusiveStartShardId(String shardId) {
    return new ListShardsRequest(stream, nextToken, shardId, maxResults, filter);
  }

  /** This request, with at most that many shards per page (1 to 10000). */
  public ListShardsRequest withMaxResults(Integer max) {
    return new ListShardsRequest(stream, nextToken, exclusiveStartShardId, max, filter);
  }

  /** This request, listing only the shards the filter selects. */
  public ListShardsRequest withFilter(ShardFilter shardFilter) {
    return new ListShardsRequest(stream, nextToken, exclusiveStartShardId, maxResults, shardFilter);
  }
}
