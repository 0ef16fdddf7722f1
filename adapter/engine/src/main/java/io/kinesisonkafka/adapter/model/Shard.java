package io.kinesisonkafka.adapter.model;

/** A shard as ListShards and DescribeStream show it. */
public record Shard(
    String shardId,
    String parentShardId,
    String adjacentParentShardId,
    HashKeyRange hashKeyRange,
    SequenceNumberRange sequenceNumberRange) {}
