package io.kinesisonkafka.adapter.model;

import java.util.Map;

/**
 * CreateStream's input. {@code shardCount} is required for PROVISIONED and must be null for
 * ON_DEMAND; {@code mode} and {@code maxRecordSizeInKiB} default to PROVISIONED and 1024.
 */
public record CreateStreamRequest(
    String streamName,
    Integer shardCount,
    StreamMode mode,
    Integer maxRecordSizeInKiB,
    Map<String, String> tags) {
  public static CreateStreamRequest provisioned(String streamName, int shardCount) {
    return new CreateStreamRequest(streamName, shardCount, null, null, null);
  }
}
