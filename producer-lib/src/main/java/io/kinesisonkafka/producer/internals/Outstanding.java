package io.kinesisonkafka.producer.internals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bound on accepted, unfinished user records: bytes against {@code maxOutstandingBytes}, and a
 * count for {@code getOutstandingRecordsCount()}. Lock-free while there is room (the put path runs
 * it twice per record, once on the caller's thread and once on Kafka's); callers that must wait
 * park on a condition that releases signal only while someone waits. A record bigger than the whole
 * bound is let in when nothing else is outstanding, so it cannot wait forever.
 */
public final class Outstanding {
  private final long maxBytes;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicInteger waiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  public Outstanding(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Takes room for a record, waiting up to {@code waitNanos} (0: not at all); false if none. */
  public boolean acquire(long size, long waitNanos) throws InterruptedException {
    if (tryAcquire(size)) {
      return true;
    }
    long deadline = System.nanoTime() + waitNanos;
    waiters.incrementAndGet();
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
      waiters.decrementAndGet();
    }
  }

  private boolean tryAcquire(long size) {
    while (true) {
      long current = bytes.get();
      if (current > 0 && current + size > maxBytes) {
        return false;
      }
      if (bytes.compareAndSet(current, current + size)) {
        records.incrementAndGet();
        return true;
      }
    }
  }

  public void release(long size) {
    release(size, 1);
  }

  /** Gives back the room of {@code count} records of {@code size} bytes in all. */
  public void release(long size, int count) {
    bytes.addAndGet(-size);
    records.addAndGet(-count);
    if (waiters.get() > 0) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  public long records() {
    return records.get();
  }

  public long bytes() {
    return bytes.get();
  }

  /** Waits until no record is outstanding or the time is up; true if none is. */
  public boolean awaitDrained(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    waiters.incrementAndGet();
    lock.lock();
    try {
      while (records.get() > 0) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        changed.awaitNanos(Math.min(remaining, 50_000_000L));
      }
      return true;
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }
}
