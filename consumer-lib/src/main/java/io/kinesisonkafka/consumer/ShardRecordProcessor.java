package io.kinesisonkafka.consumer;

/**
 * Processes the records of one shard, as the KCL's {@code ShardRecordProcessor} does. A {@link
 * Scheduler} makes one instance per shard it holds the lease of (a Kafka partition assigned to this
 * worker's consumer) with its {@link ShardRecordProcessorFactory}.
 *
 * <p><b>Threads.</b> Every method is called on the scheduler's worker thread ({@code
 * kinesis-consumer-<application>-<n>}), one call at a time per scheduler, in this order: {@link
 * #initialize} once, {@link #processRecords} any number of times, then exactly one of {@link
 * #leaseLost}, {@link #shardEnded} or {@link #shutdownRequested} (shardEnded may be called again if
 * the processor did not checkpoint in it). A slow processor delays the other shards of its worker;
 * keep calls short or hand work to your own threads and checkpoint later from them (the
 * checkpointer may be called from any thread while the lease is held).
 *
 * <p><b>Exceptions.</b> A runtime exception thrown by a method is logged and reported to the
 * scheduler's error handler; as with the KCL, the records of a failed {@link #processRecords} call
 * are not delivered again unless the lease moves before they are checkpointed.
 */
public interface ShardRecordProcessor {

  /**
   * Called once before any records, with the shard and the checkpoint processing resumes from.
   *
   * @param input the stream, the shard, its checkpoint (or initial-position sentinel) and any
   *     pending checkpoint
   */
  void initialize(InitializationInput input);

  /**
   * Called with the next records of the shard, in order, after de-aggregation of KPL aggregates.
   * Checkpoint with {@link ProcessRecordsInput#checkpointer()} to record progress.
   *
   * @param input the records (at most {@link SchedulerConfig#maxRecords()}), any corrupt
   *     aggregates, how far behind the shard's newest record they are, and the checkpointer
   */
  void processRecords(ProcessRecordsInput input);

  /**
   * The lease was lost without a chance to checkpoint: this worker was fenced out of the consumer
   * group (it missed heartbeats for longer than the failover time). Another worker now owns the
   * shard and resumes from the last checkpoint; checkpoints from here are refused.
   *
   * @param input nothing yet; a record so it can grow
   */
  void leaseLost(LeaseLostInput input);

  /**
   * Every record of the shard was delivered: the shard was closed by a split or merge. The
   * processor must call {@code input.checkpointer().checkpoint()} here; its child shards are
   * processed (by any worker) only after it did. Not doing so is reported as a {@link
   * ShardEndNotCheckpointedException} and the call is repeated.
   *
   * @param input the checkpointer to checkpoint SHARD_END with
   */
  void shardEnded(ShardEndedInput input);

  /**
   * The lease is being handed over (graceful shutdown of this worker, or a rebalance moving the
   * shard to another worker). The lease is still held: checkpoint now to avoid duplicates.
   *
   * @param input the checkpointer, valid during this call
   */
  void shutdownRequested(ShutdownRequestedInput input);
}
