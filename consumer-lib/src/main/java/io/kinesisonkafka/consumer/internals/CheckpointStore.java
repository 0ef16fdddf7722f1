package io.kinesisonkafka.consumer.internals;

/**
 * Where one shard's checkpoints go: the consumer group's committed offset of its partition, or
 * memory in the test driver.
 */
public interface CheckpointStore {

  /**
   * Commits {@code offset} (the next offset to read) with {@code metadata}; blocks until done.
   *
   * @throws io.kinesisonkafka.consumer.ShutdownException if the lease is no longer held
   * @throws io.kinesisonkafka.consumer.CheckpointFailedException if it may succeed later
   */
  void commit(long offset, String metadata);
}
