package io.kinesisonkafka.producer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What code written against the KPL's {@code KinesisProducer} calls, so it can be handed the real
 * {@link KinesisProducer} or, in unit tests, a {@link MockKinesisProducer}.
 *
 * <p>Implementations are safe for use by many threads at once. Each user record's outcome is a
 * {@link CompletableFuture}; which thread completes it is the implementation's to say (see {@link
 * KinesisProducer}). Records Kinesis would refuse are refused at once, with an unchecked {@link
 * IllegalArgumentException}, never through the future.
 */
public interface UserRecordProducer extends AutoCloseable {

  /**
   * Same as {@link #addUserRecord(String, String, String, ByteBuffer)} without an explicit hash
   * key: the record is routed by its partition key's MD5.
   *
   * @param stream the stream's name
   * @param partitionKey 1 to 256 characters
   * @param data up to 1 MiB with the partition key; read from its position to its limit, which are
   *     left unchanged
   * @return completes with the record's result once it is put, or fails with {@link
   *     UserRecordFailedException}
   * @throws IllegalArgumentException for a record Kinesis would refuse (bad stream name or key, too
   *     large)
   * @throws IllegalStateException if the producer is closed
   */
  default CompletableFuture<UserRecordResult> addUserRecord(
      String stream, String partitionKey, ByteBuffer data) {
    return addUserRecord(stream, partitionKey, null, data);
  }

  /**
   * Queues a user record for the stream. Never blocks, except with {@code WhenFull.BLOCK} while
   * {@code maxOutstandingBytes} are outstanding.
   *
   * @param stream the stream's name; the stream's topic must exist (the record fails with {@code
   *     StreamNotFound} otherwise)
   * @param partitionKey 1 to 256 characters; routes the record by its MD5 unless an explicit hash
   *     key is given
   * @param explicitHashKey null, or a decimal in 0..2^128-1 that routes the record instead
   * @param data up to 1 MiB with the partition key; read from its position to its limit, which are
   *     left unchanged
   * @return completes with the record's result once Kafka acknowledged it, or fails with {@link
   *     UserRecordFailedException}
   * @throws IllegalArgumentException for a record Kinesis would refuse (empty stream name, bad key,
   *     too large): the KPL's behaviour, and never retried
   * @throws IllegalStateException if the producer is closed
   */
  CompletableFuture<UserRecordResult> addUserRecord(
      String stream, String partitionKey, String explicitHashKey, ByteBuffer data);

  /**
   * User records accepted and not yet acknowledged or failed, as the KPL counts them.
   *
   * @return the number of outstanding user records
   */
  long getOutstandingRecordsCount();

  /**
   * Sends what is buffered for one stream now, without waiting for acknowledgements.
   *
   * @param stream the stream's name
   */
  void flush(String stream);

  /** Sends everything buffered now, without waiting for acknowledgements. */
  void flush();

  /**
   * Sends everything buffered and blocks the calling thread until every outstanding record has its
   * outcome. Records added meanwhile are waited for too. Returns early, with the thread's interrupt
   * flag set, if the thread is interrupted.
   */
  void flushSync();

  /**
   * Stops at once: records not yet acknowledged fail (those not yet handed to Kafka with error code
   * {@code Closed}), and later calls of {@code addUserRecord} throw {@link IllegalStateException}.
   */
  void destroy();

  /**
   * Flushes, waits up to {@code timeout} for outstanding records, then releases everything; records
   * still outstanding then fail. Later calls of {@code addUserRecord} throw {@link
   * IllegalStateException}; closing again does nothing.
   *
   * @param timeout how long to wait for outstanding records
   */
  void close(Duration timeout);

  /** {@link #close(Duration)} with a timeout of 30 seconds. */
  @Override
  default void close() {
    close(Duration.ofSeconds(30));
  }
}
