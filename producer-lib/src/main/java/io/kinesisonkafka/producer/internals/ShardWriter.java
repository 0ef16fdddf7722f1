package io.kinesisonkafka.producer.internals;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.kinesisonkafka.adapter.catalog.ReshardSafeWrites;
import io.kinesisonkafka.adapter.catalog.ReshardSafeWrites.Decision;
import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.adapter.catalog.StreamCatalog;
import io.kinesisonkafka.adapter.catalog.StreamView;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import io.kinesisonkafka.producer.UserRecordCallback;
import io.kinesisonkafka.producer.internals.kafka.RecordSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Takes a Kafka record to its shard without losing it to a split or merge, following the engine's
 * {@link ReshardSafeWrites} (DESIGN.md section 3) as the engine's own writer does: it answers where
 * a record goes, when it must wait (parked in the {@link HeldRecords}), and whether Kafka's
 * acknowledgement confirms it; this class does the sends, waits, retries and failures. An aggregate
 * whose user records no longer share a shard after a reshard is split up and re-aggregated per
 * shard.
 *
 * <p>Retries go through one resilience4j {@link Retry} (exponential back-off with jitter); {@link
 * #RETRIABLE} is the one predicate that decides. A throttled record waits instead until its shard's
 * allowance is refilled, in a per-shard gate with the shard's later records behind it; a record
 * Kafka never took waits out its back-off in the stream's gate. Continuations run on the producer's
 * timer thread, never on the catalog reader's.
 */
final class ShardWriter {
  /** Thrown into the retry policy when a shard's rate limit holds a record back. */
  static final class Throttled extends RuntimeException {
    /** Until the shard's allowance is refilled: the retry's delay, not the policy's back-off. */
    final long refillNanos;

    Throttled(String message, long refillNanos) {
      super(message, null, false, false);
      this.refillNanos = refillNanos;
    }
  }

  /** Kafka refused the record before taking it: retrying cannot duplicate it. */
  static final class NotSent extends RuntimeException {
    NotSent(Exception cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /**
   * What is retried: throttling and records Kafka never took. An error Kafka reports for a record
   * it took is final: Kafka's idempotent producer already retried it up to the delivery timeout,
   * which is at least the record TTL, and sending it again could write it twice.
   */
  static final Predicate<Throwable> RETRIABLE = e -> e instanceof Throttled || e instanceof NotSent;

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ShardWriter.class);

  private final KinesisProducerConfig config;
  private final ReshardSafeWrites protocol;
  private final RecordSink sink;
  private final ShardThrottles throttles;
  private final ProducerMetrics metrics;
  private final ShardAggregates buffers;
  private final HeldRecords gate;

  /** Records a shard's rate limit held back, with the shard's later records behind them. */
  private final HeldRecords throttled;

  private final ScheduledExecutorService timer;
  private final Retry retry;
  private final OutstandingLimit outstanding;

  ShardWriter(
      KinesisProducerConfig config,
      StreamCatalog catalog,
      RecordSink sink,
      ProducerMetrics metrics,
      ShardAggregates buffers,
      ScheduledExecutorService timer,
      OutstandingLimit outstanding) {
    this.config = config;
    this.outstanding = outstanding;
    this.protocol = ReshardSafeWrites.of(catalog);
    this.sink = sink;
    this.throttles = new ShardThrottles(config);
    this.metrics = metrics;
    this.buffers = buffers;
    this.timer = timer;
    this.gate =
        new HeldRecords(
            timer,
            catalog::nextChange,
            record -> safely(record, () -> routeAndSend(record, System.nanoTime())),
            OutgoingRecord::stream);
    this.throttled =
        new HeldRecords(
            timer,
            CompletableFuture::new, // nothing but the head's back-off lets them through
            record -> safely(record, () -> routeAndSend(record, System.nanoTime())),
            record ->
                record.stream() + "@" + record.view().incarnation() + "/" + record.shard().index());
    this.retry =
        Retry.of(
            "kinesis-producer",
            RetryConfig.<Void>custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(
                    IntervalFunction.ofExponentialRandomBackoff(
                        config.initialBackoff(), 2.0, 0.5, config.maxBackoff()))
                .retryOnException(RETRIABLE)
                .build());
  }

  /** Places a record; returns at once. Runs on the caller's thread or the timer thread. */
  void place(OutgoingRecord record) {
    place(record, System.nanoTime());
  }

  /**
   * Places a record as of {@code nowNanos}, a {@link System#nanoTime()} the caller read already
   * (the record's arrival, when it is placed as it arrives): the clock is read once per record on
   * the caller's thread, not three times.
   */
  void place(OutgoingRecord record, long nowNanos) {
    if (!gate.queuedBehindParked(record)) {
      // As safely(), without a lambda per record.
      try {
        routeAndSend(record, nowNanos);
      } catch (RuntimeException | Error e) {
        failed(record, e);
      }
    }
  }

  /** Fails every parked record (the producer is closing and nothing will drain them). */
  void failParked(String message) {
    gate.failAll(record -> safely(record, () -> fail(record, "Closed", message)));
    throttled.failAll(record -> safely(record, () -> fail(record, "Closed", message)));
  }

  /** One try: routes the record and sends it, or parks, regroups, retries or fails it. */
  private void routeAndSend(OutgoingRecord record, long now) {
    if (record.expired(now)) {
      fail(record, "Expired", "not put within RecordTtl (" + config.recordTtl() + ")");
      return;
    }
    switch (protocol.route(record, now)) {
      case SEND -> {}
      case HOLD -> {
        gate.park(record, record.heldUntil());
        return;
      }
      default -> {
        fail(record, "StreamNotFound", "stream " + record.stream() + " not found or not writable");
        return;
      }
    }
    StreamView stream = record.view();
    ShardView shard = record.shard();
    if (record.aggregated
        && stream.version() != record.groupedVersion
        && !allBelongTo(record, shard)) {
      buffers.regroup(record, stream, this::place);
      return;
    }
    if (throttles.enabled() && throttled.queuedBehindParked(record)) {
      return; // behind records of its shard that the rate limit held back
    }
    record.attemptStartNanos = record.routedNanos();
    if (!throttles.tryAcquire(
        record.stream(), stream.incarnation(), shard.index(), record.size())) {
      retryOrFail(
          record,
          new Throttled(
              "rate limit of "
                  + shard.shardId()
                  + " in stream "
                  + record.stream()
                  + " exceeded ("
                  + config.rateLimit()
                  + "% of the shard limit)",
              throttles.nanosToRefill(record.stream(), stream.incarnation(), shard.index())));
      return;
    }
    record.placement = this;
    sink.send(
        stream.topic(), shard.index(), record.key, record.value, record.explicitHashKey, record);
  }

  /** Kafka acknowledged the record's current try (on Kafka's I/O thread). */
  void acked(OutgoingRecord record, long offset, long timestampMillis) {
    // Not through safely(): no lambda per record on Kafka's I/O thread.
    try {
      if (protocol.acked(record, offset, timestampMillis) == Decision.CONFIRMED) {
        succeed(record, record.ackedNanos());
      } else {
        awaitCheck(record);
      }
    } catch (RuntimeException | Error e) {
      failed(record, e);
    }
  }

  /** Kafka refused the record's current try, or gave up on it. */
  void sendFailed(OutgoingRecord record, Exception error, boolean notSent) {
    safely(record, () -> retryOrFail(record, notSent ? new NotSent(error) : error));
  }

  /**
   * The slow path of an acknowledgement: waits (at most until the record's deadline) for what the
   * protocol holds it on, then checks it on the timer thread.
   */
  private void awaitCheck(OutgoingRecord record) {
    long remaining = Math.max(1, record.deadlineNanos - System.nanoTime());
    record
        .heldUntil()
        .orTimeout(remaining, TimeUnit.NANOSECONDS)
        .whenCompleteAsync((v, e) -> safely(record, () -> check(record, e)), timer);
  }

  /** Decides a held acknowledgement; {@code waitError} is why the wait ended early, or null. */
  private void check(OutgoingRecord record, Throwable waitError) {
    long now = System.nanoTime();
    switch (protocol.check(record)) {
      case CONFIRMED -> succeed(record, now);
      case PLACE_AGAIN -> {
        record.addAttempt(
            record.attemptStartNanos,
            now,
            "ShardClosed",
            "landed past the end of " + record.shard().shardId() + "; placed again");
        place(record);
      }
      case STREAM_GONE ->
          fail(record, "StreamNotFound", "stream " + record.stream() + " was deleted");
      default -> {
        Throwable cause = unwrap(waitError);
        if (record.expired(now)) {
          fail(
              record,
              "Unconfirmed",
              "not confirmed within RecordTtl ("
                  + config.recordTtl()
                  + ")"
                  + (cause == null || cause instanceof TimeoutException
                      ? ""
                      : "; catalog unavailable: " + cause));
        } else if (cause != null && !(cause instanceof TimeoutException)) {
          // The catalog reader failed: its futures fail at once, so pace the checks.
          timer.schedule(
              () -> safely(record, () -> awaitCheck(record)),
              config.initialBackoff().toNanos(),
              TimeUnit.NANOSECONDS);
        } else {
          awaitCheck(record);
        }
      }
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private void retryOrFail(OutgoingRecord record, Throwable error) {
    Throwable cause = unwrap(error);
    String code = code(cause);
    long now = System.nanoTime();
    record.addAttempt(
        record.attemptStartNanos == 0 ? now : record.attemptStartNanos,
        now,
        code,
        String.valueOf(cause.getMessage()));
    metrics.error(code, record.userCount());
    if (cause instanceof Throttled && config.failIfThrottled()) {
      record.failAttempted();
      return;
    }
    if (record.retry == null) {
      record.retry = retry.asyncContext();
    }
    long delayMillis = record.retry.onError(cause);
    if (delayMillis < 0) {
      record.failAttempted();
      return;
    }
    if (cause instanceof Throttled t && t.refillNanos > 0) {
      delayMillis = TimeUnit.NANOSECONDS.toMillis(t.refillNanos) + 1;
    }
    if (now + TimeUnit.MILLISECONDS.toNanos(delayMillis) - record.deadlineNanos > 0) {
      fail(record, "Expired", "not put within RecordTtl (" + config.recordTtl() + ")");
      return;
    }
    if (cause instanceof NotSent) {
      // Kafka never took it (an outage: no metadata or no buffer room in time): the stream's later
      // records wait behind it rather than land before it once Kafka is back.
      gate.parkFor(record, delayMillis);
      return;
    }
    if (cause instanceof Throttled) {
      // The shard's later records wait behind it rather than take the allowance it waits for.
      throttled.parkFor(record, delayMillis);
      return;
    }
    try {
      timer.schedule(() -> safely(record, () -> place(record)), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      fail(record, "Closed", "producer closed");
    }
  }

  /**
   * Runs a step of a record's journey; a bug in it fails the record, logged, rather than leaving
   * its futures pending forever (exceptions in Kafka callbacks and async stages are swallowed).
   */
  private void safely(OutgoingRecord record, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | Error e) {
      failed(record, e);
    }
  }

  private void failed(OutgoingRecord record, Throwable e) {
    log.error("placing a record of stream {} failed", record.stream(), e);
    try {
      fail(record, "InternalFailure", String.valueOf(e));
    } catch (RuntimeException ignored) {
      // Its futures were completed already.
    }
  }

  private static String code(Throwable e) {
    if (e instanceof Throttled) {
      return "Throttled";
    }
    Throwable shown = e instanceof NotSent && e.getCause() != null ? e.getCause() : e;
    return shown.getClass().getSimpleName();
  }

  /** Completes the user records with where the protocol confirmed the record. */
  private void succeed(OutgoingRecord record, long now) {
    UserRecordCallback callback = record.successCallback;
    if (callback != null && record.retry == null) {
      // A lone record of the callback path, put at the first try: nothing of the user record is
      // needed (no attempts, no result), so it is not loaded again.
      metrics.put(record);
      PendingUserRecord.tell(callback, null);
      outstanding.release(record.userBytes, 1);
      return;
    }
    if (record.retry != null) {
      metrics.retried(record.user(0).attemptCount());
    }
    metrics.put(record);
    int count = record.userCount();
    for (int i = 0; i < count; i++) {
      record
          .user(i)
          .succeed(
              record.shard(),
              record.offset(),
              record.timestampMillis(),
              record.aggregated ? i : 0,
              record.attemptStartNanos,
              now);
    }
    record.release();
  }

  private void fail(OutgoingRecord record, String code, String message) {
    metrics.error(code, record.userCount());
    record.fail(code, message);
  }

  private static boolean allBelongTo(OutgoingRecord record, ShardView shard) {
    for (PendingUserRecord u : record.users()) {
      if (!shard.containsHashKey(u.hashHigh, u.hashLow)) {
        return false;
      }
    }
    return true;
  }
}
