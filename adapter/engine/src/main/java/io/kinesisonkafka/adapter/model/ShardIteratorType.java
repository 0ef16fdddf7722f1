package io.kinesisonkafka.adapter.model;

/** Where a shard iterator starts. */
public enum ShardIteratorType {
  AT_SEQUENCE_NUMBER,
  AFTER_SEQUENCE_NUMBER,
  TRIM_HORIZON,
  LATEST,
  AT_TIMESTAMP
}
