package io.kinesisonkafka.adapter.model;

/**
 * A shard as ListShards and DescribeStream show it.
 *
 * @param shardId the shard's id, {@code shardId-} and twelve digits
 * @param parentShardId the shard it was split from, or of a merge the first parent (MergeShards'
 *     ShardToMerge); null for a shard the stream was created with
 * @param adjacentParentShardId of a merge, the second parent (MergeShards' AdjacentShardToMerge);
 *     null otherwise
 * @param hashKeyRange the hash keys the shard owns (owned, for a closed shard)
 * @param sequenceNumberRange the shard's first and, once closed, last sequence number
 */
public record Shard(
    String shardId,
    String parentShardId,
    String adjacentParentShardId,
    HashKeyRange hashKeyRange,
    SequenceNumberRange sequenceNumberRange) {}
