package io.kinesisonkafka.producer.internals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keeps a partition key's records in order while some records must wait: a record that cannot be
 * routed or sent yet is parked under its key (its stream, or its stream's shard), and while any
 * record of that key is parked, the key's new records queue behind it. A drain on the timer thread
 * tries them again in order, under the key's lock, so no new record overtakes them; those that must
 * still wait park again, with every later one behind them. The producer keeps two: one per stream
 * (records waiting for a fresh catalog view, for a frozen shard's close, or for the back-off before
 * a send Kafka never took is tried again) and one per shard (records its rate limit held back).
 */
final class HeldRecords {
  /** How long a parked record waits for its trigger before it is tried again anyway. */
  private static final long RECHECK_MILLIS = 500;

  /** One key's parked records. Guarded by itself; {@code size} is read without the lock. */
  private static final class Parked {
    final ArrayDeque<OutgoingRecord> records = new ArrayDeque<>();
    volatile int size;
    boolean drainScheduled;

    /** The thread draining; its own re-placements go straight through. */
    Thread drainer;
  }

  private final ConcurrentHashMap<String, Parked> byKey = new ConcurrentHashMap<>();

  /**
   * Parked records of all keys, changed with each key's {@code size} under its lock: when it is 0,
   * as nearly always, a new record passes without working its key out.
   */
  private final AtomicInteger parkedTotal = new AtomicInteger();

  private final ScheduledExecutorService timer;
  private final Supplier<CompletableFuture<Void>> nextChange;
  private final Consumer<OutgoingRecord> attempt;
  private final Function<OutgoingRecord, String> key;

  /**
   * @param nextChange what may let parked records through (the catalog's next change)
   * @param attempt tries to place a record; it may {@link #park} it again
   * @param key the key a record waits under, e.g. its stream
   */
  HeldRecords(
      ScheduledExecutorService timer,
      Supplier<CompletableFuture<Void>> nextChange,
      Consumer<OutgoingRecord> attempt,
      Function<OutgoingRecord, String> key) {
    this.timer = timer;
    this.nextChange = nextChange;
    this.attempt = attempt;
    this.key = key;
  }

  /** Queues a new record behind its key's parked ones, if any; false when none are parked. */
  boolean queuedBehindParked(OutgoingRecord record) {
    if (parkedTotal.get() == 0) {
      return false;
    }
    Parked parked = byKey.get(key.apply(record));
    if (parked == null || parked.size == 0) {
      return false;
    }
    synchronized (parked) {
      boolean behind =
          parked.drainer == Thread.currentThread() ? !parked.records.isEmpty() : parked.size > 0;
      if (behind) {
        enqueue(parked, record, nextChange.get(), RECHECK_MILLIS);
      }
      return behind;
    }
  }

  /** Holds a record that cannot be routed yet until {@code until} completes. */
  void park(OutgoingRecord record, CompletableFuture<Void> until) {
    Parked parked = byKey.computeIfAbsent(key.apply(record), k -> new Parked());
    synchronized (parked) {
      enqueue(parked, record, until, RECHECK_MILLIS);
    }
  }

  /**
   * Holds a record for {@code delayMillis} (a retry's back-off), with its key's later records
   * behind it: a retried record does not land after records added after it.
   */
  void parkFor(OutgoingRecord record, long delayMillis) {
    Parked parked = byKey.computeIfAbsent(key.apply(record), k -> new Parked());
    CompletableFuture<Void> elapsed =
        new CompletableFuture<Void>().completeOnTimeout(null, delayMillis, TimeUnit.MILLISECONDS);
    synchronized (parked) {
      enqueue(parked, record, elapsed, Math.max(RECHECK_MILLIS, delayMillis));
    }
  }

  /** Takes every parked record out and hands it to {@code fail}: nothing will drain them. */
  void failAll(Consumer<OutgoingRecord> fail) {
    for (Parked parked : byKey.values()) {
      List<OutgoingRecord> records;
      synchronized (parked) {
        records = new ArrayList<>(parked.records);
        parked.records.clear();
        resize(parked);
      }
      records.forEach(fail);
    }
  }

  /**
   * Called holding the lock; {@code until}, or {@code recheckMillis} at the latest, triggers the
   * drain if none is scheduled.
   */
  private void enqueue(
      Parked parked, OutgoingRecord record, CompletableFuture<Void> until, long recheckMillis) {
    parked.records.add(record);
    resize(parked);
    if (!parked.drainScheduled) {
      parked.drainScheduled = true;
      until
          .orTimeout(recheckMillis, TimeUnit.MILLISECONDS)
          .whenComplete(
              (v, e) -> {
                // A failed catalog reader fails its futures at once: pace the re-checks.
                boolean failed = e != null && !(e instanceof TimeoutException);
                timer.schedule(() -> drain(parked), failed ? 100 : 0, TimeUnit.MILLISECONDS);
              });
    }
  }

  /** Called holding the lock after {@code parked.records} changed. */
  private void resize(Parked parked) {
    int size = parked.records.size();
    parkedTotal.addAndGet(size - parked.size);
    parked.size = size;
  }

  private void drain(Parked parked) {
    synchronized (parked) {
      parked.drainScheduled = false;
      List<OutgoingRecord> ready = new ArrayList<>(parked.records);
      parked.records.clear();
      parked.drainer = Thread.currentThread();
      try {
        for (OutgoingRecord record : ready) {
          if (parked.records.isEmpty()) {
            attempt.accept(record);
          } else {
            // An earlier one parked again: the rest stay behind it, whatever their shard.
            parked.records.add(record);
          }
        }
      } finally {
        parked.drainer = null;
        resize(parked);
      }
    }
  }
}
