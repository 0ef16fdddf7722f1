package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.bench.Throughput;

/** One contender: this server through the SDK, or raw kafka-clients on a plain topic. */
interface Target extends AutoCloseable {

  /** Short name for progress lines and the table. */
  String label();

  /** Creates an empty stream or topic of {@code shards} shards or partitions, ready for writes. */
  void prepare(String name, int shards) throws Exception;

  /**
   * Puts one batch into what {@link #prepare} created and returns once every record is
   * acknowledged.
   *
   * @throws IllegalStateException if any record failed
   */
  void put(Payload.Batch batch) throws Exception;

  /**
   * Reads everything from the beginning until {@code records} records arrived, timed.
   *
   * @throws IllegalStateException if other than {@code records} records or {@code bytes} bytes
   *     arrive
   */
  Throughput drain(long records, long bytes) throws Exception;

  /** Deletes what {@link #prepare} created. */
  void cleanup() throws Exception;

  @Override
  void close();
}
