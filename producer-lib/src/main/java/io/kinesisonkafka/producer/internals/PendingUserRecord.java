package io.kinesisonkafka.producer.internals;

import io.kinesisonkafka.producer.Attempt;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One user record from {@code addUserRecord} until its outcome. Its attempts are written by
 * whichever thread moves its Kafka record on (one at a time: a record is never in two places).
 */
public final class PendingUserRecord {
  final String partitionKey;

  /** The partition key in UTF-8: the Kafka record's key when the record goes alone. */
  final byte[] partitionKeyUtf8;

  final String explicitHashKey;
  final byte[] data;
  final BigInteger hashKey;
  final long size;
  final long arrivalNanos;
  final Completion completion;
  final Outstanding outstanding;
  private List<Attempt> attempts; // null until a try fails: the usual record needs none
  private long lastEventNanos;

  /** How a record's outcome reaches its caller (a future, in the producer). */
  public interface Completion {
    /**
     * @param earlierAttempts the failed tries before the successful one (usually none)
     * @param delayNanos from the previous event to the successful try's start
     * @param durationNanos the successful try
     */
    void succeeded(
        io.kinesisonkafka.adapter.catalog.ShardView shard,
        long offset,
        long timestampMillis,
        long subSequenceNumber,
        List<Attempt> earlierAttempts,
        long delayNanos,
        long durationNanos);

    void failed(List<Attempt> attempts);
  }

  public PendingUserRecord(
      String partitionKey,
      byte[] partitionKeyUtf8,
      String explicitHashKey,
      byte[] data,
      BigInteger hashKey,
      long size,
      long arrivalNanos,
      Outstanding outstanding,
      Completion completion) {
    this.partitionKey = partitionKey;
    this.partitionKeyUtf8 = partitionKeyUtf8;
    this.explicitHashKey = explicitHashKey;
    this.data = data;
    this.hashKey = hashKey;
    this.size = size;
    this.arrivalNanos = arrivalNanos;
    this.lastEventNanos = arrivalNanos;
    this.outstanding = outstanding;
    this.completion = completion;
  }

  public long size() {
    return size;
  }

  int attemptCount() {
    return attempts == null ? 0 : attempts.size();
  }

  void attempt(long startNanos, long endNanos, String errorCode, String message) {
    if (attempts == null) {
      attempts = new ArrayList<>(2);
    }
    attempts.add(
        new Attempt(
            Duration.ofNanos(Math.max(0, startNanos - lastEventNanos)),
            Duration.ofNanos(Math.max(0, endNanos - startNanos)),
            errorCode,
            message,
            errorCode == null));
    lastEventNanos = endNanos;
  }

  void succeed(
      io.kinesisonkafka.adapter.catalog.ShardView shard,
      long offset,
      long timestampMillis,
      long subSequenceNumber,
      long startNanos,
      long endNanos) {
    completion.succeeded(
        shard,
        offset,
        timestampMillis,
        subSequenceNumber,
        attempts == null ? List.of() : List.copyOf(attempts),
        Math.max(0, startNanos - lastEventNanos),
        Math.max(0, endNanos - startNanos));
  }

  void fail() {
    completion.failed(attempts == null ? List.of() : List.copyOf(attempts));
  }

  /** Fails a record that never got as far as a try, with one attempt saying why. */
  public void failNow(String errorCode, String message) {
    long now = System.nanoTime();
    attempt(now, now, errorCode, message);
    fail();
  }
}
