package io.kinesisonkafka.adapter.model;

import java.time.Instant;
import java.util.List;

/**
 * DescribeStream's answer: the stream and a page of its shards (at most 100).
 *
 * @param streamName the stream's name
 * @param streamArn the stream's ARN
 * @param streamStatus the stream's status
 * @param streamMode the stream's capacity mode
 * @param shards a page of the stream's shards, in shard id order
 * @param hasMoreShards whether more shards follow this page
 * @param retentionPeriodHours how long records are kept, in hours
 * @param streamCreationTimestamp when the stream was created
 * @param enhancedMonitoring the shard-level metrics enabled on the stream
 * @param encryptionType {@code NONE} unless encryption was started on the stream
 * @param keyId the key id encryption was started with; null without encryption
 */
public record StreamDescription(
    String streamName,
    String streamArn,
    StreamStatus streamStatus,
    StreamMode streamMode,
    List<Shard> shards,
    boolean hasMoreShards,
    int retentionPeriodHours,
    Instant streamCreationTimestamp,
    List<String> enhancedMonitoring,
    String encryptionType,
    String keyId) {}
