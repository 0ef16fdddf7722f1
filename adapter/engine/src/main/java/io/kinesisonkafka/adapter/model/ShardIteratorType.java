package io.kinesisonkafka.adapter.model;

/** Where a shard iterator starts. */
public enum ShardIteratorType {
  /** At the record with the given sequence number. */
  AT_SEQUENCE_NUMBER,
  /** Just after the record with the given sequence number. */
  AFTER_SEQUENCE_NUMBER,
  /** At the oldest record the shard still holds. */
  TRIM_HORIZON,
  /** After the newest record: only records put from now on. */
  LATEST,
  /** At the first record that arrived at or after the given timestamp. */
  AT_TIMESTAMP
}
