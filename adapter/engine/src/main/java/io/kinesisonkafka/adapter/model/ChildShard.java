package io.kinesisonkafka.adapter.model;

import java.util.List;

/** A child of a closed shard, reported at the shard's end. */
public record ChildShard(String shardId, List<String> parentShards, HashKeyRange hashKeyRange) {}
