package io.kinesisonkafka.adapter.model;

import java.time.Instant;

/**
 * A data record as GetRecords and SubscribeToShard return it. The record holds {@code data} without
 * a copy, and, being a record, compares it by identity in {@code equals}.
 *
 * @param sequenceNumber the record's sequence number in its shard, a decimal string
 * @param approximateArrivalTimestamp when the record was stored: its Kafka record's timestamp, to
 *     the millisecond
 * @param data the record's payload
 * @param partitionKey the partition key it was put with
 */
public record Record(
    String sequenceNumber, Instant approximateArrivalTimestamp, byte[] data, String partitionKey) {}
