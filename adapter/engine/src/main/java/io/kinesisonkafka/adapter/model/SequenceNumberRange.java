package io.kinesisonkafka.adapter.model;

/**
 * First and, for a closed shard, last sequence number of a shard.
 *
 * @param startingSequenceNumber a sequence number below every record of the shard
 * @param endingSequenceNumber for a closed shard, a sequence number at or above every record of it;
 *     null while the shard is open
 */
public record SequenceNumberRange(String startingSequenceNumber, String endingSequenceNumber) {}
