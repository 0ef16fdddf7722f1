package io.kinesisonkafka.adapter;

/**
 * Receives the per-stream figures Kinesis publishes to CloudWatch (IncomingBytes, IncomingRecords,
 * GetRecords.*, WriteProvisionedThroughputExceeded, ...). Called on the threads that do the work,
 * so implementations must be quick and thread-safe. The default methods do nothing.
 */
public interface StreamMetrics {
  /** Ignores every figure; the default. */
  StreamMetrics NONE = new StreamMetrics() {};

  /** Records acknowledged by a PutRecord or PutRecords call. */
  default void recordsPut(String stream, String operation, int records, long bytes) {}

  /** Records refused with ProvisionedThroughputExceededException. */
  default void writeThrottled(String stream, int records) {}

  /** A GetRecords answer. */
  default void recordsRead(String stream, int records, long bytes, long millisBehindLatest) {}

  /** A GetRecords call refused with ProvisionedThroughputExceededException. */
  default void readThrottled(String stream) {}

  /** A SubscribeToShard event. */
  default void eventDelivered(String stream, int records, long bytes, long millisBehindLatest) {}
}
