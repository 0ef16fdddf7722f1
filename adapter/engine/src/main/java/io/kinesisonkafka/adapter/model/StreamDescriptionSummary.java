package io.kinesisonkafka.adapter.model;

import java.time.Instant;
import java.util.List;

/**
 * DescribeStreamSummary's answer. It never carries a StreamId: the SDK's endpoint rules would send
 * a request that names one to AWS even with an endpoint override.
 *
 * @param streamName the stream's name
 * @param streamArn the stream's ARN
 * @param streamStatus the stream's status
 * @param streamMode the stream's capacity mode
 * @param retentionPeriodHours how long records are kept, in hours
 * @param streamCreationTimestamp when the stream was created
 * @param enhancedMonitoring the shard-level metrics enabled on the stream
 * @param encryptionType {@code NONE} unless encryption was started on the stream
 * @param keyId the key id encryption was started with; null without encryption
 * @param openShardCount the stream's open shards
 * @param consumerCount the stream's registered enhanced fan-out consumers
 * @param maxRecordSizeInKiB the largest record the stream accepts, in KiB
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
