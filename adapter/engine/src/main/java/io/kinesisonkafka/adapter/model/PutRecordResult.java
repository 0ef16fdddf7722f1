package io.kinesisonkafka.adapter.model;

/**
 * PutRecord's answer: where the record landed.
 *
 * @param shardId the shard that took the record
 * @param sequenceNumber the record's sequence number in that shard, a decimal string
 */
public record PutRecordResult(String shardId, String sequenceNumber) {}
