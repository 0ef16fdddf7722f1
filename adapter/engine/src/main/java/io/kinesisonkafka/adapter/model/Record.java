package io.kinesisonkafka.adapter.model;

import java.time.Instant;

/** A data record as GetRecords returns it. */
public record Record(
    String sequenceNumber, Instant approximateArrivalTimestamp, byte[] data, String partitionKey) {}
