package io.kinesisonkafka.consumer.internals;

/**
 * A record as read from a shard's partition, before de-aggregation: what the Kafka-facing package
 * hands to a {@link ShardConsumer}.
 */
public record FetchedRecord(
    long offset, long timestampMillis, byte[] key, byte[] value, String explicitHashKey) {}
