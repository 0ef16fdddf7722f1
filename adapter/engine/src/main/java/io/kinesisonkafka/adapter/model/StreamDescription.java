package io.kinesisonkafka.adapter.model;

import java.time.Instant;
import java.util.List;

/** DescribeStream's answer: the stream and a page of its shards. */
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
