package io.kinesisonkafka.consumer;

import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#shutdownRequested} gets.
 *
 * @param checkpointer still valid during the call: checkpoint what was processed
 */
public record ShutdownRequestedInput(RecordProcessorCheckpointer checkpointer) {
  public ShutdownRequestedInput {
    Objects.requireNonNull(checkpointer, "checkpointer");
  }
}
