package io.kinesisonkafka.adapter.model;

import java.time.Instant;
import java.util.List;

/**
 * DescribeStreamSummary's answer. It never carries a StreamId: the SDK's endpoint rules would send
 * a request that names one to AWS even with an endpoint override.
 */
public record StreamDescriptionSummary(
    String streamName,
    String streamArn,
    StreamStatus streamStatus,
    StreamMode streamMode,
    int retentionPeriodHours,
    Instant streamCreationTimestamp,
    List<String> enhancedMonitoring,
    String encryptionType,
    String keyId,
    int openShardCount,
    int consumerCount,
    int maxRecordSizeInKiB) {}
