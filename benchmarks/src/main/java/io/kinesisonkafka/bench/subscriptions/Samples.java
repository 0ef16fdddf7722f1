package io.kinesisonkafka.bench.subscriptions;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a subscriber process counts while measuring: deliveries (a record reaching one subscriber)
 * with their end-to-end latency, events, errors. The latency is taken from the record itself: its
 * first 8 bytes are the wall clock in microseconds when the parent sent it, and parent and child
 * share the machine's clock. Thread-safe.
 */
final class Samples {
  private static final int MAX_SAMPLES = 4_000_000;
  private long[] micros = new long[1 << 16];
  private int count;
  private long deliveries;
  private long events;
  private long errors;
  private volatile boolean measuring;

  static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  static byte[] payload(int bytes) {
    byte[] data = new byte[Math.max(8, bytes)];
    ByteBuffer.wrap(data).putLong(nowMicros());
    return data;
  }

  void measure() {
    synchronized (this) {
      count = 0;
      deliveries = 0;
      events = 0;
      errors = 0;
    }
    measuring = true;
  }

  void record(byte[] data, long receivedMicros) {
    if (!measuring || data.length < 8) {
      return;
    }
    long latency = receivedMicros - ByteBuffer.wrap(data).getLong();
    synchronized (this) {
      deliveries++;
      if (count < MAX_SAMPLES) {
        if (count == micros.length) {
          micros = Arrays.copyOf(micros, micros.length * 2);
        }
        micros[count++] = latency;
      }
    }
  }

  synchronized void event() {
    if (measuring) {
      events++;
    }
  }

  private long retries;

  synchronized void retry() {
    retries++;
  }

  synchronized long retries() {
    return retries;
  }

  synchronized void error() {
    errors++;
  }

  synchronized long errors() {
    return errors;
  }

  /** {@code STATS deliveries events errors p50 p99 max (microseconds) heapBytes threads}. */
  String stats() {
    measuring = false;
    long[] sorted;
    long d;
    long e;
    long err;
    synchronized (this) {
      sorted = Arrays.copyOf(micros, count);
      d = deliveries;
      e = events;
      err = errors;
    }
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "STATS %d %d %d %d %d %d %d %d",
        d,
        e,
        err,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        sorted.length == 0 ? -1 : sorted[sorted.length - 1],
        usedHeapAfterGc(),
        ManagementFactory.getThreadMXBean().getThreadCount());
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
