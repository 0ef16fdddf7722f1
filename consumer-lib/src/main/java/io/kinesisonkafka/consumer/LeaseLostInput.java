package io.kinesisonkafka.consumer;

/** What {@link ShardRecordProcessor#leaseLost} gets: nothing yet; a record so it can grow. */
public record LeaseLostInput() {}
