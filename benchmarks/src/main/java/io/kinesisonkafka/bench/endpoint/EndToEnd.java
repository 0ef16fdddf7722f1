package io.kinesisonkafka.bench.endpoint;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One end-to-end latency measurement: a producer puts a record every {@code interval}, each
 * carrying its index and the {@link System#nanoTime()} just before its put call; the reader calls
 * {@link #received} as records arrive. Latency is receive time minus send time; the first {@code
 * warmup} records are not counted. Producer and reader share this JVM's clock.
 */
final class EndToEnd {
  /** Puts one record with the given data, returning when it is acknowledged. */
  interface Sender {
    void send(byte[] data) throws Exception;
  }

  /**
   * What a run measured.
   *
   * @param latency from the put call to the record's arrival in the reader
   * @param toAppendMillis mean time from the put call to the record's timestamp, which the Kafka
   *     producer that appends it sets (CreateTime; wall clock, millisecond resolution)
   * @param fromAppendMillis mean time from that timestamp to the record's arrival in the reader
   */
  record Result(Latency latency, double toAppendMillis, double fromAppendMillis) {}

  private static final Duration TAIL = Duration.ofSeconds(10);

  private final int warmup;
  private final long[] nanos;
  private final long[] toAppend;
  private final long[] fromAppend;
  private final boolean[] seen;
  private final int recordBytes;
  private final CountDownLatch remaining;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  EndToEnd(int warmup, int samples, int recordBytes) {
    this.warmup = warmup;
    this.nanos = new long[samples];
    this.toAppend = new long[samples];
    this.fromAppend = new long[samples];
    this.seen = new boolean[warmup + samples];
    this.recordBytes = recordBytes;
    this.remaining = new CountDownLatch(warmup + samples);
  }

  /**
   * Called by the reader for each record, at the moment it arrived.
   *
   * @param data the record's data
   * @param receivedNanos {@link System#nanoTime()} when it arrived
   * @param appendedMillis the record's timestamp (epoch milliseconds)
   */
  void received(ByteBuffer data, long receivedNanos, long appendedMillis) {
    long receivedMillis = System.currentTimeMillis();
    int index = data.getInt(0);
    long sent = data.getLong(4);
    long sentMillis = data.getLong(12);
    synchronized (this) {
      if (index < 0 || index >= seen.length || seen[index]) {
        return;
      }
      seen[index] = true;
      if (index >= warmup) {
        nanos[index - warmup] = receivedNanos - sent;
        toAppend[index - warmup] = appendedMillis - sentMillis;
        fromAppend[index - warmup] = receivedMillis - appendedMillis;
      }
    }
    remaining.countDown();
  }

  /** Called by the reader when it fails; the measurement then fails. */
  void failed(Throwable t) {
    failure.compareAndSet(null, t);
    while (remaining.getCount() > 0) {
      remaining.countDown();
    }
  }

  /** Sends all records at the given pace on this thread, then waits for the reader. */
  Result run(Sender sender, Duration interval) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < seen.length && failure.get() == null; i++) {
      long due = start + i * interval.toNanos();
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      ByteBuffer data = ByteBuffer.allocate(recordBytes);
      data.putInt(0, i);
      data.putLong(12, System.currentTimeMillis());
      data.putLong(4, System.nanoTime());
      sender.send(data.array());
    }
    boolean all = remaining.await(TAIL.toMillis(), TimeUnit.MILLISECONDS);
    if (failure.get() != null) {
      throw new IllegalStateException("reader failed: " + failure.get(), failure.get());
    }
    if (!all) {
      throw new IllegalStateException(
          remaining.getCount() + " of " + seen.length + " records not received after " + TAIL);
    }
    synchronized (this) {
      return new Result(
          Latency.of(Arrays.copyOf(nanos, nanos.length)), mean(toAppend), mean(fromAppend));
    }
  }

  private static double mean(long[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }
}
