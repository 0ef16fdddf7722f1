package io.kinesisonkafka.consumer;

/**
 * Makes a {@link ShardRecordProcessor} for each shard a worker takes a lease on. Called on the
 * worker thread, once per lease taken: a shard that comes back to the worker gets a new processor.
 * An exception thrown here stops the worker.
 */
@FunctionalInterface
public interface ShardRecordProcessorFactory {

  /**
   * A new processor for one shard.
   *
   * @return a new processor, not shared with any other shard
   */
  ShardRecordProcessor shardRecordProcessor();

  /**
   * A new processor for one shard of {@code streamName}; override to tell streams apart in a
   * multi-stream application. By default, {@link #shardRecordProcessor()}.
   *
   * @param streamName the stream of the shard
   * @return a new processor, not shared with any other shard
   */
  default ShardRecordProcessor shardRecordProcessor(String streamName) {
    return shardRecordProcessor();
  }
}
