package io.kinesisonkafka.adapter;

/**
 * Receives the per-stream figures Kinesis publishes to CloudWatch (IncomingBytes, IncomingRecords,
 * GetRecords.*, WriteProvisionedThroughputExceeded, ...). Called on the threads that do the work,
 * so implementations must be quick and thread-safe. The default methods do nothing.
 */
public interface StreamMetrics {
  /** Ignores every figure; the default. */
  StreamMetrics NONE = new StreamMetrics() {};

  /**
   * Records acknowledged by a PutRecord or PutRecords call; once per call, on the thread that
   * builds its answer (often a Kafka I/O thread).
   *
   * @param stream the stream's name
   * @param operation {@code "PutRecord"} or {@code "PutRecords"}
   * @param records how many records the call stored (zero when all failed)
   * @param bytes their data plus UTF-8 partition keys, in bytes
   */
  default void recordsPut(String stream, String operation, int records, long bytes) {}

  /**
   * Records refused with ProvisionedThroughputExceededException; once per call that had any.
   *
   * @param stream the stream's name
   * @param records how many of the call's records were refused
   */
  default void writeThrottled(String stream, int records) {}

  /**
   * A GetRecords answer, on the calling thread.
   *
   * @param stream the stream's name
   * @param records how many records the answer holds
   * @param bytes their data plus UTF-8 partition keys (Kafka value plus key), in bytes
   * @param millisBehindLatest how far the last record returned is behind the present, in
   *     milliseconds; 0 at the shard's tip or when the answer holds no record
   */
  default void recordsRead(String stream, int records, long bytes, long millisBehindLatest) {}

  /**
   * A GetRecords call refused with ProvisionedThroughputExceededException.
   *
   * @param stream the stream's name
   */
  default void readThrottled(String stream) {}

  /**
   * A SubscribeToShard event, on the thread reading the subscription.
   *
   * @param stream the stream's name
   * @param records how many records the event holds
   * @param bytes their data in bytes plus their partition keys in chars (not UTF-8 bytes, unlike
   *     the other figures)
   * @param millisBehindLatest how far the last record is behind the present, in milliseconds; 0 at
   *     the shard's tip or when the event holds no record
   */
  default void eventDelivered(String stream, int records, long bytes, long millisBehindLatest) {}
}
