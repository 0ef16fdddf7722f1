package io.kinesisonkafka.adapter.model;

/** Where a record landed. */
public record PutRecordResult(String shardId, String sequenceNumber) {}
