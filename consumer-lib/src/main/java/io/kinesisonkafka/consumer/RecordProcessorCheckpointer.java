package io.kinesisonkafka.consumer;

/**
 * Records how far a shard was processed: a checkpoint is the Kafka consumer group's committed
 * offset of the shard's partition, with the sub-sequence number in the commit's metadata. After a
 * restart or failover, processing resumes after the last checkpoint.
 *
 * <p><b>Threads.</b> Thread-safe. A call from the worker thread (inside a processor callback)
 * commits directly; a call from another thread is handed to the worker thread and waits for the
 * commit.
 *
 * <p><b>Exceptions.</b> {@link ShutdownException} when the lease is no longer held (the commit is
 * refused by the group's generation fencing, so a lost lease never moves a checkpoint); {@link
 * CheckpointFailedException} (retriable) when Kafka did not answer or the group is rebalancing;
 * {@link IllegalArgumentException} for a sequence number of another shard, one not yet delivered to
 * this processor, or one before the current checkpoint.
 */
public interface RecordProcessorCheckpointer {

  /**
   * Checkpoints every record delivered so far; in {@link ShardRecordProcessor#shardEnded}, the end
   * of the shard (SHARD_END). Does nothing if no record was delivered yet.
   *
   * @throws ShutdownException if the lease is no longer held
   * @throws CheckpointFailedException if Kafka did not take the commit; retriable
   */
  void checkpoint();

  /**
   * Checkpoints at this user record: every user record up to and including it is processed.
   *
   * @param record a record delivered to this processor
   * @throws IllegalArgumentException if the record is of another shard, not delivered yet, or
   *     before the current checkpoint
   * @throws ShutdownException if the lease is no longer held
   * @throws CheckpointFailedException if Kafka did not take the commit; retriable
   */
  void checkpoint(KinesisClientRecord record);

  /**
   * Checkpoints at the record with this sequence number, sub-sequence number 0 (as the KCL does):
   * for a KPL aggregate, only its first user record counts as processed.
   *
   * @param sequenceNumber the sequence number of a record delivered to this processor
   * @throws IllegalArgumentException if the sequence number is of another shard, not delivered yet,
   *     or before the current checkpoint
   * @throws ShutdownException if the lease is no longer held
   * @throws CheckpointFailedException if Kafka did not take the commit; retriable
   */
  void checkpoint(String sequenceNumber);

  /**
   * Checkpoints at user record {@code subSequenceNumber} of the record with this sequence number:
   * processing resumes after that user record, even in the middle of an aggregate.
   *
   * @param sequenceNumber the sequence number of a record delivered to this processor
   * @param subSequenceNumber the user record's index in that record's aggregate; 0 if not
   *     aggregated
   * @throws IllegalArgumentException if the position is of another shard, not delivered yet, before
   *     the current checkpoint, or {@code subSequenceNumber} is negative
   * @throws ShutdownException if the lease is no longer held
   * @throws CheckpointFailedException if Kafka did not take the commit; retriable
   */
  void checkpoint(String sequenceNumber, long subSequenceNumber);

  /**
   * Records, without moving the checkpoint, that everything delivered so far is about to be
   * checkpointed: a later {@link InitializationInput} shows it as the pending checkpoint. Storing
   * it is a commit, with the same exceptions as {@link #checkpoint()}.
   *
   * @return the prepared checkpoint, to make the checkpoint later
   * @throws IllegalStateException if no record was delivered yet
   */
  PreparedCheckpointer prepareCheckpoint();

  /**
   * Like {@link #prepareCheckpoint()} at this sequence number, sub-sequence number 0.
   *
   * @param sequenceNumber the sequence number of a record delivered to this processor
   * @return the prepared checkpoint
   * @throws IllegalArgumentException as {@link #checkpoint(String)}
   */
  PreparedCheckpointer prepareCheckpoint(String sequenceNumber);

  /**
   * Like {@link #prepareCheckpoint()} at this user record.
   *
   * @param sequenceNumber the sequence number of a record delivered to this processor
   * @param subSequenceNumber the user record's index in that record's aggregate
   * @return the prepared checkpoint
   * @throws IllegalArgumentException as {@link #checkpoint(String, long)}
   */
  PreparedCheckpointer prepareCheckpoint(String sequenceNumber, long subSequenceNumber);

  /**
   * The last checkpoint made for this shard.
   *
   * @return the checkpoint; the sentinel {@link InitializationInput} showed when none was made yet
   */
  ExtendedSequenceNumber lastCheckpointValue();
}
