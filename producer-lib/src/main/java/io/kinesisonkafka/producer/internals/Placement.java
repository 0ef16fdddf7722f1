package io.kinesisonkafka.producer.internals;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.adapter.catalog.StreamCatalog;
import io.kinesisonkafka.adapter.catalog.StreamView;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import io.kinesisonkafka.producer.internals.kafka.RecordSink;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Takes a Kafka record to its shard without losing it to a split or merge (DESIGN.md section 3), as
 * the engine's own writer does: route only with a catalog view known fresh; hold a record whose
 * shard is frozen until the catalog changes; acknowledge directly when Kafka acknowledged within
 * the fast-ack bound of the routing decision, otherwise re-check the shard's end offset in a view
 * fresh as of now and place the record again when it landed past the end. An aggregate whose user
 * records no longer share a shard after a reshard is split up and re-aggregated per shard.
 *
 * <p>Retries go through one resilience4j {@link Retry} (exponential back-off with jitter); {@link
 * #RETRIABLE} is the one predicate that decides. Continuations run on the producer's timer thread,
 * never on the catalog reader's.
 */
final class Placement {
  /** Thrown into the retry policy when a shard's rate limit holds a record back. */
  static final class Throttled extends RuntimeException {
    Throttled(String message) {
      super(message, null, false, false);
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

  private final KinesisProducerConfig config;
  private final StreamCatalog catalog;
  private final RecordSink sink;
  private final ShardThrottles throttles;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Placement.class);

  private final ProducerMetrics metrics;
  private final ShardBuffers buffers;
  private final OrderingGate gate;
  private final ScheduledExecutorService timer;
  private final Retry retry;
  private final long fastAckNanos;
  private final long safeWindowNanos;

  Placement(
      KinesisProducerConfig config,
      StreamCatalog catalog,
      RecordSink sink,
      ProducerMetrics metrics,
      ShardBuffers buffers,
      ScheduledExecutorService timer) {
    this.config = config;
    this.catalog = catalog;
    this.sink = sink;
    this.throttles = new ShardThrottles(config);
    this.metrics = metrics;
    this.buffers = buffers;
    this.timer = timer;
    this.gate =
        new OrderingGate(
            timer, catalog::nextChange, record -> safely(record, () -> attempt(record)));
    this.fastAckNanos = config.fastAckBound().toNanos();
    this.safeWindowNanos = config.fastAckBound().plus(config.catalogFreshness()).toNanos();
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
  void place(KinesisRecord record) {
    if (!gate.queuedBehindParked(record)) {
      // As safely(), without a lambda per record.
      try {
        attempt(record);
      } catch (RuntimeException | Error e) {
        failed(record, e);
      }
    }
  }

  /** Fails every parked record (the producer is closing and nothing will drain them). */
  void failParked(String message) {
    gate.failAll(record -> safely(record, () -> fail(record, "Closed", message)));
  }

  private void attempt(KinesisRecord record) {
    long now = System.nanoTime();
    if (record.expired(now)) {
      fail(record, "Expired", "not put within RecordTtl (" + config.recordTtl() + ")");
      return;
    }
    if (!catalog.isFresh()) {
      gate.park(record, catalog.whenFresh());
      return;
    }
    Optional<StreamView> found = catalog.stream(record.stream);
    if (found.isEmpty() || !found.get().acceptsWrites()) {
      fail(record, "StreamNotFound", "stream " + record.stream + " not found or not writable");
      return;
    }
    StreamView stream = found.get();
    ShardView shard = stream.route(record.routingHigh, record.routingLow);
    if (record.aggregated
        && stream.version() != record.groupedVersion
        && !allBelongTo(record, shard)) {
      buffers.regroup(record, stream, this::place);
      return;
    }
    if (shard.isFrozen()) {
      gate.park(record, catalog.nextChange());
      return;
    }
    record.attemptStartNanos = now;
    if (!throttles.tryAcquire(record.stream, stream.incarnation(), shard.index(), record.size())) {
      retryOrFail(
          record,
          new Throttled(
              "rate limit of "
                  + shard.shardId()
                  + " in stream "
                  + record.stream
                  + " exceeded ("
                  + config.rateLimit()
                  + "% of the shard limit)"));
      return;
    }
    record.placement = this;
    record.routedIncarnation = stream.incarnation();
    record.routedShard = shard;
    sink.send(
        stream.topic(), shard.index(), record.key, record.value, record.explicitHashKey, record);
  }

  /** Kafka acknowledged the record's current try (on Kafka's I/O thread). */
  void acked(KinesisRecord record, long offset, long timestampMillis) {
    // Not through safely(): no lambda per record on Kafka's I/O thread.
    try {
      long ackNanos = System.nanoTime();
      ShardView shard = record.routedShard;
      if (ackNanos - record.attemptStartNanos <= fastAckNanos
          || openInARecentView(record.stream, record.routedIncarnation, shard, ackNanos)) {
        succeed(record, shard, offset, timestampMillis, ackNanos);
      } else {
        verify(record, record.routedIncarnation, shard.index(), offset, timestampMillis);
      }
    } catch (RuntimeException | Error e) {
      failed(record, e);
    }
  }

  /** Kafka refused the record's current try, or gave up on it. */
  void sendFailed(KinesisRecord record, Exception error, boolean notSent) {
    safely(record, () -> retryOrFail(record, notSent ? new NotSent(error) : error));
  }

  /**
   * Whether a view fresh as of less than {@code freshness + fastAckBound} before the
   * acknowledgement still shows the shard open. Then the record is before the shard's end, whatever
   * happens next: a close waits a freeze window (at least that long) after the freeze was written,
   * which came after that view's instant, and fixes the end from the high watermark, which already
   * included the acknowledged record. The same bound the fast path relies on, applied to the newest
   * view instead of the routing one; it spares slowly acknowledged records (a deep producer buffer)
   * the trip through a fresh catalog read.
   */
  private boolean openInARecentView(
      String streamName, long incarnation, ShardView routed, long ackNanos) {
    long freshAsOf = catalog.freshAsOfNanos();
    if (ackNanos - freshAsOf >= safeWindowNanos) {
      return false;
    }
    // Without lambdas: this runs for most acknowledgements, on Kafka's I/O threads.
    StreamView stream = catalog.stream(streamName).orElse(null);
    if (stream == null || stream.incarnation() != incarnation) {
      return false;
    }
    ShardView now = stream.shard(routed.index()).orElse(null);
    return now != null && !now.isFrozen() && !now.isClosed();
  }

  /**
   * The slow path: Kafka acknowledged later than the fast-ack bound, so the shard may have been
   * closed meanwhile. Decide with a view fresh as of now.
   */
  private void verify(
      KinesisRecord record, long incarnation, int shardIndex, long offset, long timestampMillis) {
    catalog
        .whenFreshAsOf(System.nanoTime())
        .whenCompleteAsync(
            (v, e) ->
                safely(
                    record,
                    () -> confirm(record, e, incarnation, shardIndex, offset, timestampMillis)),
            timer);
  }

  /** Decides a slowly acknowledged record once the view is fresh (or the catalog failed: e). */
  private void confirm(
      KinesisRecord record,
      Throwable e,
      long incarnation,
      int shardIndex,
      long offset,
      long timestampMillis) {
    if (e != null) {
      if (record.expired(System.nanoTime())) {
        fail(record, "Unconfirmed", "catalog unavailable to confirm the record: " + e);
      } else {
        timer.schedule(
            () -> verify(record, incarnation, shardIndex, offset, timestampMillis),
            config.initialBackoff().toNanos(),
            TimeUnit.NANOSECONDS);
      }
      return;
    }
    Optional<StreamView> stream = catalog.stream(record.stream);
    Optional<ShardView> shard =
        stream.filter(s -> s.incarnation() == incarnation).flatMap(s -> s.shard(shardIndex));
    if (shard.isEmpty()) {
      fail(record, "StreamNotFound", "stream " + record.stream + " was deleted");
    } else if (shard.get().isFrozen()) {
      untilCatalogChanges(
          record, () -> verify(record, incarnation, shardIndex, offset, timestampMillis));
    } else if (!shard.get().isClosed() || offset < shard.get().endOffset()) {
      succeed(record, shard.get(), offset, timestampMillis, System.nanoTime());
    } else {
      long now = System.nanoTime();
      record.attempt(
          record.attemptStartNanos,
          now,
          "ShardClosed",
          "landed past the end of " + shard.get().shardId() + "; placed again");
      place(record);
    }
  }

  private void untilCatalogChanges(KinesisRecord record, Runnable then) {
    long remaining = Math.max(1, record.deadlineNanos - System.nanoTime());
    catalog
        .nextChange()
        .orTimeout(remaining, TimeUnit.NANOSECONDS)
        .whenCompleteAsync((v, e) -> safely(record, then), timer);
  }

  private void retryOrFail(KinesisRecord record, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String code = code(cause);
    long now = System.nanoTime();
    record.attempt(
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
    if (now + TimeUnit.MILLISECONDS.toNanos(delayMillis) - record.deadlineNanos > 0) {
      fail(record, "Expired", "not put within RecordTtl (" + config.recordTtl() + ")");
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
  private void safely(KinesisRecord record, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | Error e) {
      failed(record, e);
    }
  }

  private void failed(KinesisRecord record, Throwable e) {
    log.error("placing a record of stream {} failed", record.stream, e);
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

  private void succeed(
      KinesisRecord record, ShardView shard, long offset, long timestampMillis, long now) {
    if (record.retry != null) {
      metrics.retried(record.user(0).attemptCount());
    }
    metrics.put(record);
    int count = record.userCount();
    for (int i = 0; i < count; i++) {
      record
          .user(i)
          .succeed(
              shard,
              offset,
              timestampMillis,
              record.aggregated ? i : 0,
              record.attemptStartNanos,
              now);
    }
    record.release();
  }

  private void fail(KinesisRecord record, String code, String message) {
    metrics.error(code, record.userCount());
    record.fail(code, message);
  }

  private static boolean allBelongTo(KinesisRecord record, ShardView shard) {
    for (PendingUserRecord u : record.users()) {
      if (!shard.containsHashKey(u.hashHigh, u.hashLow)) {
        return false;
      }
    }
    return true;
  }
}
