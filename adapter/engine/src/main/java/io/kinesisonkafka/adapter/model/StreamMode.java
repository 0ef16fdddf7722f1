package io.kinesisonkafka.adapter.model;

/** Capacity mode of a stream. */
public enum StreamMode {
  /** A fixed number of shards, changed with UpdateShardCount, SplitShard and MergeShards. */
  PROVISIONED,
  /** Created without a shard count; the stream starts with four shards. */
  ON_DEMAND
}
