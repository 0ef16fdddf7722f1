package io.kinesisonkafka.adapter.model;

/**
 * ListShards: the first page of a stream's shards ({@link #of}, optionally after a shard, with a
 * page size and a {@link ShardFilter}), or the next page of an earlier answer ({@link #next}).
 * Kinesis refuses a stream together with a next token, and a next token with a start shard or a
 * filter; the engine checks that, so the canonical constructor takes any combination.
 *
 * @param stream the stream, by name or ARN; null with a next token
 * @param nextToken an earlier answer's next token; null for a first page
 * @param exclusiveStartShardId the shard the page starts after; null to start at the first
 * @param maxResults the most shards per page, 1 to 10000; null for the default
 * @param filter which shards to list; null for all
 */
public record ListShardsRequest(
    StreamRef stream,
    String nextToken,
    String exclusiveStartShardId,
    Integer maxResults,
    ShardFilter filter) {

  /**
   * The first page of the stream's shards, unfiltered, of the default size.
   *
   * @param stream the stream, by name or ARN
   * @return a request with only the stream set
   */
  public static ListShardsRequest of(StreamRef stream) {
    return new ListShardsRequest(stream, null, null, null, null);
  }

  /**
   * The page an earlier answer's next token names.
   *
   * @param nextToken the token of an earlier {@link ListShardsResult}
   * @return a request with only the token set (the token carries the stream and filter)
   */
  public static ListShardsRequest next(String nextToken) {
    return new ListShardsRequest(null, nextToken, null, null, null);
  }

  /**
   * This request, starting after that shard.
   *
   * @param shardId the shard the page starts after; null to start at the first
   * @return a new request; this one is unchanged
   */
  public ListShardsRequest withExclusiveStartShardId(String shardId) {
    return new ListShardsRequest(stream, nextToken, shardId, maxResults, filter);
  }

  /**
   * This request, with at most that many shards per page (1 to 10000).
   *
   * @param max the most shards per page; null for the default
   * @return a new request; this one is unchanged
   */
  public ListShardsRequest withMaxResults(Integer max) {
    return new ListShardsRequest(stream, nextToken, exclusiveStartShardId, max, filter);
  }

  /**
   * This request, listing only the shards the filter selects.
   *
   * @param shardFilter which shards to list; null for all
   * @return a new request; this one is unchanged
   */
  public ListShardsRequest withFilter(ShardFilter shardFilter) {
    return new ListShardsRequest(stream, nextToken, exclusiveStartShardId, maxResults, shardFilter);
  }
}
