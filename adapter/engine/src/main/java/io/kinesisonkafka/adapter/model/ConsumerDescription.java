package io.kinesisonkafka.adapter.model;

import java.time.Instant;

/** An enhanced fan-out consumer, as Register/Describe/ListStreamConsumers report it. */
public record ConsumerDescription(
    String consumerName,
    String consumerArn,
    String consumerStatus,
    Instant consumerCreationTimestamp,
    String streamArn) {}
