package io.kinesisonkafka.adapter.model;

import java.util.Map;

/**
 * CreateStream's input. {@code shardCount} is required for PROVISIONED and must be null for
 * ON_DEMAND; {@code mode} and {@code maxRecordSizeInKiB} default to PROVISIONED and 1024. The
 * record only carries the values; the engine validates them when the stream is created.
 *
 * @param streamName the new stream's name
 * @param shardCount the number of shards of a PROVISIONED stream; null for ON_DEMAND
 * @param mode the capacity mode; null means PROVISIONED
 * @param maxRecordSizeInKiB the largest record the stream accepts, in KiB; null means 1024 (1 MiB)
 * @param tags tags to put on the stream, key to value; null means none
 */
public record CreateStreamRequest(
    String streamName,
    Integer shardCount,
    StreamMode mode,
    Integer maxRecordSizeInKiB,
    Map<String, String> tags) {
  /**
   * A PROVISIONED stream with the default record size and no tags.
   *
   * @param streamName the new stream's name
   * @param shardCount its number of shards
   * @return the request
   */
  public static CreateStreamRequest provisioned(String streamName, int shardCount) {
    return new CreateStreamRequest(streamName, shardCount, null, null, null);
  }
}
