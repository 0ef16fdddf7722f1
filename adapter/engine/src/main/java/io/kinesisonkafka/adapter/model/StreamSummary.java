package io.kinesisonkafka.adapter.model;

import java.time.Instant;

/**
 * One stream in ListStreams' StreamSummaries.
 *
 * @param streamName the stream's name
 * @param streamArn the stream's ARN
 * @param streamStatus the stream's status
 * @param streamMode the stream's capacity mode
 * @param streamCreationTimestamp when the stream was created
 */
public record StreamSummary(
    String streamName,
    String streamArn,
    StreamStatus streamStatus,
    StreamMode streamMode,
    Instant streamCreationTimestamp) {}
