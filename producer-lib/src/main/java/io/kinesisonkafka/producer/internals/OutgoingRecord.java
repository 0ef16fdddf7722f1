package io.kinesisonkafka.producer.internals;

import io.github.resilience4j.retry.Retry;
import io.kinesisonkafka.adapter.catalog.ShardWrite;
import io.kinesisonkafka.aggregation.Aggregate;
import io.kinesisonkafka.producer.UserRecordCallback;
import io.kinesisonkafka.producer.internals.kafka.RecordSink;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One Kafka record on its way to a shard (what the KPL calls a Kinesis record): a lone user record,
 * or an aggregate of user records grouped for one shard of one catalog version. Moved on by one
 * thread at a time (the caller, the producer's timer thread, or Kafka's I/O thread), so its fields
 * need no locks. It is its own {@link ShardWrite} (where the reshard protocol routed it) and the
 * callback of its Kafka send: no other object per send.
 */
final class OutgoingRecord extends ShardWrite implements RecordSink.Callback {
  /** The user records: {@code first} alone, or {@code all} of an aggregate (then null for one). */
  private final PendingUserRecord first;

  private final List<PendingUserRecord> all;

  final boolean aggregated;
  final byte[] key;
  final byte[] value;
  final byte[] explicitHashKey;

  /** Catalog version the user records were grouped with; -1 for a lone record. */
  final long groupedVersion;

  final long deadlineNanos;

  /** The user records' sizes summed: their room under the outstanding bound. */
  final long userBytes;

  /**
   * Value plus key, as a shard's limit counts them; kept so that the acknowledgement need not touch
   * the arrays again (long in flight, they are cold by then).
   */
  private final long size;

  Retry.AsyncContext<Void> retry;

  /** When the current try began (its routing decision); 0 before the first. */
  long attemptStartNanos;

  /** Who decides the outcome of the current try; set before each send. */
  ShardWriter placement;

  /**
   * A lone user record's {@link PendingUserRecord#successCallback()}, or null: a success on the
   * first try then goes straight to it, without loading the user record again (long in flight, it
   * is no longer in the cache).
   */
  final UserRecordCallback successCallback;

  private OutgoingRecord(
      String stream,
      PendingUserRecord first,
      List<PendingUserRecord> all,
      boolean aggregated,
      byte[] key,
      byte[] value,
      byte[] explicitHashKey,
      long groupedVersion,
      long deadlineNanos,
      long userBytes) {
    // It routes by its first user record's hash key: an aggregate's all share that record's shard.
    super(stream, ANY_INCARNATION, first.hashHigh, first.hashLow);
    this.first = first;
    this.all = all;
    this.aggregated = aggregated;
    this.key = key;
    this.value = value;
    this.explicitHashKey = explicitHashKey;
    this.groupedVersion = groupedVersion;
    this.deadlineNanos = deadlineNanos;
    this.userBytes = userBytes;
    this.size = (long) value.length + key.length;
    this.successCallback = all == null ? first.successCallback() : null;
  }

  static OutgoingRecord single(String stream, PendingUserRecord user, long ttlNanos) {
    return new OutgoingRecord(
        stream,
        user,
        null,
        false,
        user.partitionKeyUtf8,
        user.data,
        user.explicitHashKey == null
            ? null
            : user.explicitHashKey.getBytes(StandardCharsets.US_ASCII),
        -1,
        user.arrivalNanos + ttlNanos,
        user.size);
  }

  /** An aggregate of {@code users}, whose earliest arrival and summed sizes the caller gives. */
  static OutgoingRecord aggregate(
      String stream,
      List<PendingUserRecord> users,
      Aggregate aggregate,
      long groupedVersion,
      long earliestArrivalNanos,
      long userBytes,
      long ttlNanos) {
    if (users.size() == 1 && !aggregate.aggregated()) {
      return single(stream, users.get(0), ttlNanos);
    }
    return new OutgoingRecord(
        stream,
        users.get(0),
        users,
        true,
        aggregate.partitionKey().getBytes(StandardCharsets.UTF_8),
        aggregate.data(),
        aggregate.explicitHashKey().getBytes(StandardCharsets.US_ASCII),
        groupedVersion,
        earliestArrivalNanos + ttlNanos,
        userBytes);
  }

  /** Like the other, working out the earliest arrival and the sizes from {@code users}. */
  static OutgoingRecord aggregate(
      String stream,
      List<PendingUserRecord> users,
      Aggregate aggregate,
      long groupedVersion,
      long ttlNanos) {
    long earliest = Long.MAX_VALUE;
    long bytes = 0;
    for (PendingUserRecord u : users) {
      earliest = Math.min(earliest, u.arrivalNanos);
      bytes += u.size;
    }
    return aggregate(stream, users, aggregate, groupedVersion, earliest, bytes, ttlNanos);
  }

  int userCount() {
    return all == null ? 1 : all.size();
  }

  /** User record {@code i}: its sub-sequence number in an aggregate. */
  PendingUserRecord user(int i) {
    return all == null ? first : all.get(i);
  }

  List<PendingUserRecord> users() {
    return all == null ? List.of(first) : all;
  }

  @Override
  public void onAck(long offset, long timestampMillis) {
    placement.acked(this, offset, timestampMillis);
  }

  @Override
  public void onError(Exception error, boolean notSent) {
    placement.sendFailed(this, error, notSent);
  }

  /** Bytes as a shard's limit counts them: value plus key. */
  long size() {
    return size;
  }

  boolean expired(long nowNanos) {
    return nowNanos - deadlineNanos > 0;
  }

  /** Adds a failed try to each user record's attempts. */
  void addAttempt(long startNanos, long endNanos, String errorCode, String message) {
    for (PendingUserRecord u : users()) {
      u.addAttempt(startNanos, endNanos, errorCode, message);
    }
  }

  void fail(String errorCode, String message) {
    long now = System.nanoTime();
    addAttempt(attemptStartNanos == 0 ? now : attemptStartNanos, now, errorCode, message);
    failAttempted();
  }

  /** Fails every user record with the attempts it has. */
  void failAttempted() {
    for (PendingUserRecord u : users()) {
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
    first.outstanding.release(userBytes, userCount());
  }
}
