package io.kinesisonkafka.consumer;

import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#shardEnded} gets.
 *
 * @param checkpointer call {@link RecordProcessorCheckpointer#checkpoint()} on it to checkpoint the
 *     shard at SHARD_END
 */
public record ShardEndedInput(RecordProcessorCheckpointer checkpointer) {
  /**
   * Checks the checkpointer.
   *
   * @param checkpointer the checkpointer to checkpoint SHARD_END with
   * @throws NullPointerException if {@code checkpointer} is null
   */
  public ShardEndedInput {
    Objects.requireNonNull(checkpointer, "checkpointer");
  }
}
