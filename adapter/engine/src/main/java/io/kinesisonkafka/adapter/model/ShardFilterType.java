package io.kinesisonkafka.adapter.model;

/** Which shards ListShards returns. */
public enum ShardFilterType {
  /** The shards after the filter's shard id, in shard id order. */
  AFTER_SHARD_ID,
  /** The shards open at the trim horizon. */
  AT_TRIM_HORIZON,
  /** Every shard the stream still holds data for, open or closed. */
  FROM_TRIM_HORIZON,
  /** The open shards. */
  AT_LATEST,
  /** The shards open at the filter's timestamp. */
  AT_TIMESTAMP,
  /** The shards open at or after the filter's timestamp. */
  FROM_TIMESTAMP
}
