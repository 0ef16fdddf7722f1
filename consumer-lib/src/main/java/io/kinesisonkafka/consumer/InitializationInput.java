package io.kinesisonkafka.consumer;

import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#initialize} gets.
 *
 * @param streamName the stream of the shard
 * @param shardId the shard, e.g. {@code shardId-000000000003}
 * @param extendedSequenceNumber the checkpoint processing resumes after, or a sentinel ({@link
 *     ExtendedSequenceNumber#TRIM_HORIZON}, {@code LATEST}, {@code AT_TIMESTAMP}) when the shard
 *     has no checkpoint yet and starts at the initial position
 * @param pendingCheckpointSequenceNumber a checkpoint prepared with {@link
 *     RecordProcessorCheckpointer#prepareCheckpoint()} and not yet made, or null
 */
public record InitializationInput(
    String streamName,
    String shardId,
    ExtendedSequenceNumber extendedSequenceNumber,
    ExtendedSequenceNumber pendingCheckpointSequenceNumber) {

  /**
   * Checks the required components.
   *
   * @param streamName the stream of the shard
   * @param shardId the shard
   * @param extendedSequenceNumber the checkpoint or sentinel processing resumes after
   * @param pendingCheckpointSequenceNumber a prepared checkpoint, or null
   * @throws NullPointerException if {@code streamName}, {@code shardId} or {@code
   *     extendedSequenceNumber} is null
   */
  public InitializationInput {
    Objects.requireNonNull(streamName, "streamName");
    Objects.requireNonNull(shardId, "shardId");
    Objects.requireNonNull(extendedSequenceNumber, "extendedSequenceNumber");
  }
}
