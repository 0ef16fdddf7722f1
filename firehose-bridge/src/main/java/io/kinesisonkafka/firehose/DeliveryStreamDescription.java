package io.kinesisonkafka.firehose;

import java.time.Instant;

/**
 * What DescribeDeliveryStream tells of a delivery stream.
 *
 * @param config its configuration
 * @param arn its ARN
 * @param status always {@code ACTIVE}: a delivery stream is usable once created
 * @param createTimestamp when it was created
 * @param versionId increases with every change of its configuration or tags
 */
public record DeliveryStreamDescription(
    DeliveryStreamConfig config,
    String arn,
    String status,
    Instant createTimestamp,
    int versionId) {}
