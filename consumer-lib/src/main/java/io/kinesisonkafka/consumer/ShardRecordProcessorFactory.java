package io.kinesisonkafka.consumer;

/**
 * Makes a {@link ShardRecordProcessor} for each shard a worker takes a lease on. Called on the
 * worker thread.
 */
@FunctionalInterface
public interface ShardRecordProcessorFactory {

  /** A new processor for one shard. */
  ShardRecordProcessor shardRecordProcessor();

  /**
   * A new processor for one shard of {@code streamName}; override to tell streams apart in a
   * multi-stream application.
   */
  default ShardRecordProcessor shardRecordProcessor(String streamName) {
    return shardRecordProcessor();
  }
}
