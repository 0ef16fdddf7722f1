package io.kinesisonkafka.producer.internals;

import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.producer.Attempt;
import io.kinesisonkafka.producer.KinesisProducer;
import io.kinesisonkafka.producer.UserRecordCallback;
import io.kinesisonkafka.producer.UserRecordFailedException;
import io.kinesisonkafka.producer.UserRecordResult;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One user record from {@code addUserRecord} until its outcome, and the future the caller holds:
 * one object per record, because hundreds of thousands may be outstanding at once and every object
 * they keep alive is work for the garbage collector. Its attempts are written by whichever thread
 * moves its Kafka record on (one at a time: a record is never in two places).
 *
 * <p>The hash key is kept as two unsigned longs, not a BigInteger: routing and range checks need
 * nothing more.
 */
public abstract class PendingUserRecord extends CompletableFuture<UserRecordResult> {
  final String partitionKey;

  /** The partition key in UTF-8: the Kafka record's key when the record goes alone. */
  final byte[] partitionKeyUtf8;

  final String explicitHashKey;
  final byte[] data;

  /** Upper and lower 64 bits of the hash key: the explicit one, or the partition key's MD5. */
  final long hashHigh;

  final long hashLow;
  final long size;
  final long arrivalNanos;
  final OutstandingLimit outstanding;
  private List<Attempt> attempts; // null until a try fails: the usual record needs none
  private long lastEventNanos;

  /**
   * @param explicitHashKeyValue {@code explicitHashKey} parsed, or null when it is null: then the
   *     record routes by the MD5 of {@code partitionKeyUtf8}
   */
  protected PendingUserRecord(
      String partitionKey,
      byte[] partitionKeyUtf8,
      String explicitHashKey,
      BigInteger explicitHashKeyValue,
      byte[] data,
      long arrivalNanos,
      OutstandingLimit outstanding) {
    this.partitionKey = partitionKey;
    this.partitionKeyUtf8 = partitionKeyUtf8;
    this.explicitHashKey = explicitHashKey;
    this.data = data;
    if (explicitHashKeyValue != null) {
      this.hashHigh = HashKeys.high(explicitHashKeyValue);
      this.hashLow = HashKeys.low(explicitHashKeyValue);
    } else {
      HashKeys.Hasher hasher = HashKeys.hasher();
      hasher.hash(partitionKeyUtf8);
      this.hashHigh = hasher.high();
      this.hashLow = hasher.low();
    }
    this.size = (long) partitionKeyUtf8.length + data.length;
    this.arrivalNanos = arrivalNanos;
    this.lastEventNanos = arrivalNanos;
    this.outstanding = outstanding;
  }

  /**
   * Completes the future with a success.
   *
   * @param earlierAttempts the failed tries before the successful one (usually none)
   * @param delayNanos from the previous event to the successful try's start
   * @param durationNanos the successful try
   */
  protected abstract void succeeded(
      ShardView shard,
      long offset,
      long timestampMillis,
      long subSequenceNumber,
      List<Attempt> earlierAttempts,
      long delayNanos,
      long durationNanos);

  /** Completes the future with a failure that carries every attempt. */
  protected abstract void failed(List<Attempt> attempts);

  /** Bytes as Kinesis counts them against a record: data plus partition key in UTF-8. */
  public long size() {
    return size;
  }

  /**
   * The callback to tell of a success in place of {@link #succeeded}, or null (the default) when
   * the success needs this record's result. Read when the record is placed, while it is in the
   * cache: Kafka's I/O thread then tells the callback without touching this object again.
   */
  protected UserRecordCallback successCallback() {
    return null;
  }

  /** Tells {@code callback} an outcome; a callback that throws is logged, not propagated. */
  public static void tell(UserRecordCallback callback, UserRecordFailedException failure) {
    try {
      callback.onCompletion(failure);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(KinesisProducer.class)
          .error("a UserRecordCallback threw; the record's outcome was {}", failure, e);
    }
  }

  /** When {@code addUserRecord} took the record: a {@link System#nanoTime()}. */
  public long arrivalNanos() {
    return arrivalNanos;
  }

  int attemptCount() {
    return attempts == null ? 0 : attempts.size();
  }

  void addAttempt(long startNanos, long endNanos, String errorCode, String message) {
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
      ShardView shard,
      long offset,
      long timestampMillis,
      long subSequenceNumber,
      long startNanos,
      long endNanos) {
    succeeded(
        shard,
        offset,
        timestampMillis,
        subSequenceNumber,
        attempts == null ? List.of() : List.copyOf(attempts),
        Math.max(0, startNanos - lastEventNanos),
        Math.max(0, endNanos - startNanos));
  }

  void fail() {
    failed(attempts == null ? List.of() : List.copyOf(attempts));
  }

  /** Fails a record that never got as far as a try, with one attempt saying why. */
  public void failNow(String errorCode, String message) {
    long now = System.nanoTime();
    addAttempt(now, now, errorCode, message);
    fail();
  }
}
