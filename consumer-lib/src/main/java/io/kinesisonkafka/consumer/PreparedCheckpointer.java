package io.kinesisonkafka.consumer;

/**
 * A checkpoint prepared with {@link RecordProcessorCheckpointer#prepareCheckpoint()}: stored as
 * pending next to the current checkpoint until {@link #checkpoint()} makes it the checkpoint.
 * Thread-safe; same exceptions as {@link RecordProcessorCheckpointer}.
 */
public interface PreparedCheckpointer {

  /**
   * The prepared checkpoint.
   *
   * @return the position the checkpoint was prepared at
   */
  ExtendedSequenceNumber pendingCheckpoint();

  /**
   * Makes the prepared checkpoint the shard's checkpoint.
   *
   * @throws ShutdownException if the lease is no longer held
   * @throws CheckpointFailedException if Kafka did not take the commit; retriable
   */
  void checkpoint();
}
