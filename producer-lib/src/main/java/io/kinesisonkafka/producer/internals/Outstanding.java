package io.kinesisonkafka.producer.internals;

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
 */
public final class Outstanding {
  private final long maxBytes;

  /** Releases wake blocked callers once outstanding bytes are down to this. */
  private final long wakeAtBytes;

  private final AtomicLong bytes = new AtomicLong();

  /** Counted apart from the bytes, without contention: exact sums are needed only when waiting. */
  private final LongAdder records = new LongAdder();

  private final AtomicInteger blocked = new AtomicInteger();
  private final AtomicInteger draining = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  public Outstanding(long maxBytes) {
    this.maxBytes = maxBytes;
    this.wakeAtBytes = maxBytes - maxBytes / 8;
  }

  /** Takes room for a record, waiting up to {@code waitNanos} (0: not at all); false if none. */
  public boolean acquire(long size, long waitNanos) throws InterruptedException {
    if (tryAcquire(size)) {
      return true;
    }
    if (waitNanos <= 0) {
      return false;
    }
    long deadline = System.nanoTime() + waitNanos;
    blocked.incrementAndGet();
    lock.lock();
    try {
      while (!tryAcquire(size)) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        changed.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
      blocked.decrementAndGet();
    }
  }

  private boolean tryAcquire(long size) {
    while (true) {
      long current = bytes.get();
      if (current > 0 && current + size > maxBytes) {
        return false;
      }
      if (bytes.compareAndSet(current, current + size)) {
        records.increment();
        return true;
      }
    }
  }

  public void release(long size) {
    release(size, 1);
  }

  /** Gives back the room of {@code count} records of {@code size} bytes in all. */
  public void release(long size, int count) {
    long bytesLeft = bytes.addAndGet(-size);
    records.add(-count);
    boolean blockedWaiting = blocked.get() > 0;
    if (!blockedWaiting && draining.get() == 0) {
      return;
    }
    boolean none = records.sum() == 0;
    if ((blockedWaiting && (bytesLeft <= wakeAtBytes || none)) || (draining.get() > 0 && none)) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  public long records() {
    return records.sum();
  }

  public long bytes() {
    return bytes.get();
  }

  /** Waits until no record is outstanding or the time is up; true if none is. */
  public boolean awaitDrained(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    draining.incrementAndGet();
    lock.lock();
    try {
      while (records.sum() > 0) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        changed.awaitNanos(Math.min(remaining, 50_000_000L));
      }
      return true;
    } finally {
      lock.unlock();
      draining.decrementAndGet();
    }
  }
}
