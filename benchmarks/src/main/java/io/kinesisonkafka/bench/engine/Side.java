package io.kinesisonkafka.bench.engine;

import io.kinesisonkafka.bench.Throughput;

/** One contender of the engine benchmark: where records go and how they are read back. */
interface Side extends AutoCloseable {

  /** Short name for progress lines and the table. */
  String label();

  /** Creates an empty stream or topic of {@code shards} shards or partitions, ready for writes. */
  void prepare(String name, int shards) throws Exception;

  /** Puts batches into what {@link #prepare} created. */
  PutDriver.BatchSink sink();

  /**
   * Reads everything from the beginning until {@code records} records arrived, timed.
   *
   * @throws IllegalStateException if fewer records or bytes arrive than expected
   */
  Throughput drain(long records, long bytes) throws Exception;

  /** Deletes what {@link #prepare} created. */
  void cleanup() throws Exception;

  @Override
  void close();
}
