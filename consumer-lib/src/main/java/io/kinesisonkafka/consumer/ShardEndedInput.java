package io.kinesisonkafka.consumer;

import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#shardEnded} gets.
 *
 * @param checkpointer call {@link RecordProcessorCheckpointer#checkpoint()} on it to checkpoint the
 *     shard at SHARD_END
 */
public record ShardEndedInput(RecordProcessorCheckpointer checkpointer) {
  public ShardEndedInput {
    Objects.requireNonNull(checkpointer, "checkpointer");
  }
}
