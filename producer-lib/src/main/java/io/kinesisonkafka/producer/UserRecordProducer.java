package io.kinesisonkafka.producer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What code written against the KPL's {@code KinesisProducer} calls, so it can be handed the real
 * {@link KinesisProducer} or, in unit tests, a {@link MockKinesisProducer}.
 */
public interface UserRecordProducer extends AutoCloseable {

  /** Same as {@link #addUserRecord(String, String, String, ByteBuffer)} without a hash key. */
  default CompletableFuture<UserRecordResult> addUserRecord(
      String stream, String partitionKey, ByteBuffer data) {
    return addUserRecord(stream, partitionKey, null, data);
  }

  /**
   * Queues a user record for the stream. Never blocks, except with {@code WhenFull.BLOCK} while
   * {@code maxOutstandingBytes} are outstanding.
   *
   * @param partitionKey 1 to 256 characters; routes the record by its MD5 unless an explicit hash
   *     key is given
   * @param explicitHashKey null, or a decimal in 0..2^128-1 that routes the record instead
   * @param data up to 1 MiB with the partition key; read from its position to its limit, which are
   *     left unchanged
   * @return completes with the record's result once Kafka acknowledged it, or fails with {@link
   *     UserRecordFailedException}
   * @throws IllegalArgumentException for a record Kinesis would refuse (bad key, too large): the
   *     KPL's behaviour, and never retried
   */
  CompletableFuture<UserRecordResult> addUserRecord(
      String stream, String partitionKey, String explicitHashKey, ByteBuffer data);

  /** User records accepted and not yet acknowledged or failed. */
  long getOutstandingRecordsCount();

  /** Sends what is buffered for one stream now, without waiting for acknowledgements. */
  void flush(String stream);

  /** Sends everything buffered now, without waiting for acknowledgements. */
  void flush();

  /** Sends everything buffered and blocks until every outstanding record has its outcome. */
  void flushSync();

  /** Stops at once: records not yet acknowledged fail. */
  void destroy();

  /** Flushes, waits up to {@code timeout} for outstanding records, then releases everything. */
  void close(Duration timeout);

  @Override
  default void close() {
    close(Duration.ofSeconds(30));
  }
}
