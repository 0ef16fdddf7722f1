package io.kinesisonkafka.consumer;

import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#shutdownRequested} gets.
 *
 * @param checkpointer still valid during the call: checkpoint what was processed
 */
public record ShutdownRequestedInput(RecordProcessorCheckpointer checkpointer) {
  /**
   * Checks the checkpointer.
   *
   * @param checkpointer the checkpointer, valid during the call
   * @throws NullPointerException if {@code checkpointer} is null
   */
  public ShutdownRequestedInput {
    Objects.requireNonNull(checkpointer, "checkpointer");
  }
}
