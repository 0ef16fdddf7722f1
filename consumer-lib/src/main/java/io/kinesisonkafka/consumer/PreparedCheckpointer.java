package io.kinesisonkafka.consumer;

/**
 * A checkpoint prepared with {@link RecordProcessorCheckpointer#prepareCheckpoint()}: stored as
 * pending next to the current checkpoint until {@link #checkpoint()} makes it the checkpoint.
 * Thread-safe; same exceptions as {@link RecordProcessorCheckpointer}.
 */
public interface PreparedCheckpointer {

  /** The prepared checkpoint. */
  ExtendedSequenceNumber pendingCheckpoint();

  /** Makes the prepared checkpoint the shard's checkpoint. */
  void checkpoint();
}
