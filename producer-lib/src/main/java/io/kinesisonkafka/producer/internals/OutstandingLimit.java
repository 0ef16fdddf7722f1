package io.kinesisonkafka.producer.internals;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bound on accepted, unfinished user records: bytes against {@code maxOutstandingBytes}, and a
 * count for {@code getOutstandingRecordsCount()}. Lock-free while there is room (the put path runs
 * it twice per record, once on the caller's thread and once on Kafka's). Callers that must wait
 * park on a condition, and releases wake them only once an eighth of the bound is free again (or
 * nothing is outstanding): waking blocked callers per released record would cost more than the
 * records (Kafka's own buffer pool wakes its waiters per batch for the same reason). A record
 * bigger than the whole bound is let in when nothing else is outstanding, so it cannot wait
 * forever.
 *
 * <p>Each record counts {@link #RECORD_OVERHEAD} bytes more than its data and key: what keeping it
 * costs besides its bytes (its future, its Kafka record, Kafka's own per-record objects). Without
 * it, a bound in bytes lets small records pile up in the hundreds of thousands, and the garbage
 * collector pays for every one of them on every young collection they survive.
 *
 * <p>A caller that finds no room runs {@code whenFull} first: what is outstanding may be sitting in
 * batches that wait for more records (Kafka's {@code linger.ms}, open aggregates), and no more can
 * join them until some are acknowledged, so they should go now.
 */
public final class OutstandingLimit {
  /** Heap a record costs besides its data and key, counted against the bound. */
  static final long RECORD_OVERHEAD = 256;

  private final long maxBytes;

  /** Releases wake blocked callers once outstanding bytes are down to this. */
  private final long wakeAtBytes;

  private final AtomicLong bytes = new AtomicLong();

  /**
   * Records let in and records finished, counted apart from the bytes and without contention
   * between callers: their difference, the outstanding count, is needed only when asked for.
   */
  private final LongAdder admitted = new LongAdder();

  private final LongAdder finished = new LongAdder();

  private final AtomicInteger blocked = new AtomicInteger();
  private final AtomicInteger draining = new AtomicInteger();

  /** A release signalled and no waiter has woken since. */
  private final AtomicBoolean wakePending = new AtomicBoolean();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  private final Runnable whenFull;

  public OutstandingLimit(long maxBytes) {
    this(maxBytes, () -> {});
  }

  /**
   * @param whenFull run on the caller's thread each time a caller finds no room, before it waits or
   *     gives up; must be quick and must not wait itself
   */
  public OutstandingLimit(long maxBytes, Runnable whenFull) {
    this.maxBytes = maxBytes;
    this.wakeAtBytes = maxBytes - maxBytes / 8;
    this.whenFull = whenFull;
  }

  /**
   * Takes room for a record of {@code recordSize} bytes (data and key) and its overhead, waiting up
   * to {@code waitNanos} (0: not at all); false if there is none.
   */
  public boolean acquire(long recordSize, long waitNanos) throws InterruptedException {
    long size = recordSize + RECORD_OVERHEAD;
    if (tryAcquireBytes(size)) {
      return true;
    }
    if (waitNanos <= 0) {
      whenFull.run();
      return false;
    }
    long deadline = System.nanoTime() + waitNanos;
    blocked.incrementAndGet();
    lock.lock();
    try {
      while (true) {
        // Cleared before looking, under the lock: a release after the look signals again.
        wakePending.set(false);
        if (tryAcquireBytes(size)) {
          return true;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        whenFull.run();
        changed.awaitNanos(remaining);
      }
    } finally {
      lock.unlock();
      blocked.decrementAndGet();
    }
  }

  /**
   * Takes room for a record of {@code recordSize} bytes (data and key) if there is some now; never
   * waits.
   */
  public boolean tryAcquire(long recordSize) {
    return tryAcquireBytes(recordSize + RECORD_OVERHEAD);
  }

  private boolean tryAcquireBytes(long size) {
    while (true) {
      long current = bytes.get();
      if (current > 0 && current + size > maxBytes) {
        return false;
      }
      if (bytes.compareAndSet(current, current + size)) {
        admitted.increment();
        return true;
      }
    }
  }

  public void release(long size) {
    release(size, 1);
  }

  /** Gives back the room of {@code count} records of {@code size} bytes (data and keys) in all. */
  public void release(long size, int count) {
    long bytesLeft = bytes.addAndGet(-(size + count * RECORD_OVERHEAD));
    finished.add(count);
    // Every record weighs at least a byte (its partition key), so no bytes means no records.
    boolean none = bytesLeft == 0;
    boolean wakeBlocked = blocked.get() > 0 && (bytesLeft <= wakeAtBytes || none);
    boolean wakeDraining = none && draining.get() > 0;
    // One signal per wake-up: while one is on its way, further releases do not take the lock.
    if ((wakeBlocked || wakeDraining) && wakePending.compareAndSet(false, true)) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  public long records() {
    // Finished first: a record is admitted before it finishes, so this is never negative.
    long done = finished.sum();
    return admitted.sum() - done;
  }

  /** Records let in since the producer started: the KPL's UserRecordsReceived. */
  public long admitted() {
    return admitted.sum();
  }

  /** Bytes of data and keys outstanding (read racily: the two counts are apart). */
  public long bytes() {
    return Math.max(0, bytes.get() - records() * RECORD_OVERHEAD);
  }

  /** Waits until no record is outstanding or the time is up; true if none is. */
  public boolean awaitDrained(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    draining.incrementAndGet();
    lock.lock();
    try {
      while (true) {
        wakePending.set(false);
        if (records() == 0) {
          return true;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        changed.awaitNanos(Math.min(remaining, 50_000_000L));
      }
    } finally {
      lock.unlock();
      draining.decrementAndGet();
    }
  }
}
