package io.kinesisonkafka.adapter.model;

/** First and, for a closed shard, last sequence number of a shard. */
public record SequenceNumberRange(String startingSequenceNumber, String endingSequenceNumber) {}
