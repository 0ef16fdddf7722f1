package io.kinesisonkafka.lambda.internals;

/**
 * Where descriptions of discarded batches go (the mapping's on-failure destination). {@link
 * #deliver} returns once the record is durable; a batch is checkpointed only after it did.
 */
public interface FailureSink extends AutoCloseable {
  /** Writes one on-failure record, keyed by its shard; throws when it is not durable. */
  void deliver(String shardId, byte[] json) throws Exception;

  @Override
  void close();

  /** No destination configured: discarded batches are counted and logged only. */
  FailureSink NONE =
      new FailureSink() {
        @Override
        public void deliver(String shardId, byte[] json) {}

        @Override
        public void close() {}
      };
}
