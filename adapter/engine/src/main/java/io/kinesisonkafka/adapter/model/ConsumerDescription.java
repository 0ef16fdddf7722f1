package io.kinesisonkafka.adapter.model;

import java.time.Instant;

/**
 * An enhanced fan-out consumer, as RegisterStreamConsumer, DescribeStreamConsumer and
 * ListStreamConsumers report it.
 *
 * @param consumerName the name it was registered with, unique within its stream
 * @param consumerArn its ARN: the stream's ARN, {@code /consumer/}, the name, {@code :} and the
 *     creation time in epoch seconds
 * @param consumerStatus {@code CREATING} until the registration has taken effect, then {@code
 *     ACTIVE}
 * @param consumerCreationTimestamp when it was registered
 * @param streamArn the ARN of the stream it reads
 */
public record ConsumerDescription(
    String consumerName,
    String consumerArn,
    String consumerStatus,
    Instant consumerCreationTimestamp,
    String streamArn) {}
