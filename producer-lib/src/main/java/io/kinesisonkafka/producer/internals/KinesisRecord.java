package io.kinesisonkafka.producer.internals;

import io.github.resilience4j.retry.Retry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One Kafka record on its way to a shard: a lone user record, or an aggregate of user records
 * grouped for one shard of one catalog version. Moved on by one thread at a time (the caller, the
 * producer's timer thread, or Kafka's I/O thread), so its fields need no locks.
 */
final class KinesisRecord {
  final String stream;
  final List<PendingUserRecord> users;
  final boolean aggregated;
  final byte[] key;
  final byte[] value;
  final byte[] explicitHashKey;
  final BigInteger routingHashKey;

  /** Catalog version the user records were grouped with; -1 for a lone record. */
  final long groupedVersion;

  final long deadlineNanos;

  /** The user records' sizes summed: their room under the outstanding bound. */
  final long userBytes;

  Retry.AsyncContext<Void> retry;
  long attemptStartNanos;

  private KinesisRecord(
      String stream,
      List<PendingUserRecord> users,
      boolean aggregated,
      byte[] key,
      byte[] value,
      byte[] explicitHashKey,
      BigInteger routingHashKey,
      long groupedVersion,
      long ttlNanos) {
    this.stream = stream;
    this.users = users;
    this.aggregated = aggregated;
    this.key = key;
    this.value = value;
    this.explicitHashKey = explicitHashKey;
    this.routingHashKey = routingHashKey;
    this.groupedVersion = groupedVersion;
    long earliest = Long.MAX_VALUE;
    long bytes = 0;
    for (PendingUserRecord u : users) {
      earliest = Math.min(earliest, u.arrivalNanos);
      bytes += u.size;
    }
    this.deadlineNanos = earliest + ttlNanos;
    this.userBytes = bytes;
  }

  static KinesisRecord single(String stream, PendingUserRecord user, long ttlNanos) {
    return new KinesisRecord(
        stream,
        List.of(user),
        false,
        user.partitionKeyUtf8,
        user.data,
        user.explicitHashKey == null
            ? null
            : user.explicitHashKey.getBytes(StandardCharsets.US_ASCII),
        user.hashKey,
        -1,
        ttlNanos);
  }

  static KinesisRecord aggregate(
      String stream,
      List<PendingUserRecord> users,
      io.kinesisonkafka.aggregation.Aggregate aggregate,
      long groupedVersion,
      long ttlNanos) {
    if (users.size() == 1 && !aggregate.aggregated()) {
      return single(stream, users.get(0), ttlNanos);
    }
    return new KinesisRecord(
        stream,
        users,
        true,
        aggregate.partitionKey().getBytes(StandardCharsets.UTF_8),
        aggregate.data(),
        aggregate.explicitHashKey().getBytes(StandardCharsets.US_ASCII),
        users.get(0).hashKey,
        groupedVersion,
        ttlNanos);
  }

  /** Bytes as a shard's limit counts them: value plus key. */
  long size() {
    return (long) value.length + key.length;
  }

  boolean expired(long nowNanos) {
    return nowNanos - deadlineNanos > 0;
  }

  void attempt(long startNanos, long endNanos, String errorCode, String message) {
    for (PendingUserRecord u : users) {
      u.attempt(startNanos, endNanos, errorCode, message);
    }
  }

  void fail(String errorCode, String message) {
    long now = System.nanoTime();
    attempt(attemptStartNanos == 0 ? now : attemptStartNanos, now, errorCode, message);
    failAttempted();
  }

  /** Fails every user record with the attempts it has. */
  void failAttempted() {
    for (PendingUserRecord u : users) {
      u.fail();
    }
    release();
  }

  /**
   * Gives the user records' room back under the outstanding bound after their futures completed (so
   * flushSync returns only once every outcome is known), once for the whole record (on Kafka's I/O
   * thread for an aggregate of hundreds: two atomic updates, not hundreds).
   */
  void release() {
    users.get(0).outstanding.release(userBytes, users.size());
  }
}
