package io.kinesisonkafka.adapter.model;

import java.time.Instant;

/** One stream in ListStreams' StreamSummaries. */
public record StreamSummary(
    String streamName,
    String streamArn,
    StreamStatus streamStatus,
    StreamMode streamMode,
    Instant streamCreationTimestamp) {}
