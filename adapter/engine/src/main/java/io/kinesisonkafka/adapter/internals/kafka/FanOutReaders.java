package io.kinesisonkafka.adapter.internals.kafka;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.kafka.ShardReader.Batch;
import io.kinesisonkafka.adapter.internals.kafka.ShardReader.StoredRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * SubscribeToShard reading for any number of subscriptions on a fixed number of threads: each
 * {@link FanOutReader} owns one KafkaConsumer assigned every partition its subscriptions read, and
 * a partition always goes to the same reader, so subscriptions of one shard at the same position
 * share one fetch. A subscription is a {@link Cursor}: it asks for its next batch with {@link
 * Cursor#next}, which completes when records arrive or the wait runs out. A cursor that does not
 * ask (its client is slow) is simply not served; the partition is paused when nobody asks, so a
 * slow subscriber holds no buffer and stalls nobody. Before, each subscription had its own consumer
 * and thread (about 205 KB and one thread each).
 */
public final class FanOutReaders implements AutoCloseable {
  private final FanOutReader[] readers;
  private final ScheduledThreadPoolExecutor timer;

  /**
   * Starts {@code threads} reader threads (and one timer thread) named after {@code namePrefix}.
   */
  public FanOutReaders(KafkaSettings kafka, int threads, String namePrefix) {
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, namePrefix + "-timer");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    readers = new FanOutReader[threads];
    for (int i = 0; i < threads; i++) {
      readers[i] = new FanOutReader(kafka, namePrefix + "-" + (i + 1));
    }
  }

  /** A cursor on one partition from {@code offset}; close it when done. */
  public Cursor open(String topic, int partition, long offset) {
    TopicPartition tp = new TopicPartition(topic, partition);
    FanOutReader reader = readers[Math.floorMod(tp.hashCode(), readers.length)];
    Cursor cursor = new Cursor(reader, tp, offset);
    reader.open(cursor);
    return cursor;
  }

  /** How many reader threads (and so Kafka consumers) serve all cursors. */
  public int readerCount() {
    return readers.length;
  }

  @Override
  public void close() {
    for (FanOutReader r : readers) {
      r.close();
    }
    timer.shutdownNow();
  }

  static long sizeOf(StoredRecord r) {
    return (r.key() == null ? 0 : r.key().length) + r.value().length;
  }

  /**
   * A polled batch of one partition: every record in [from, to) that exists, and the partition's
   * lag behind its high watermark at {@code to} (-1 if unknown). Immutable.
   */
  record Retained(List<StoredRecord> records, long from, long to, long lag) {
    /**
     * Completes {@code d} from this batch if it covers the cursor's position; true if it did. Skips
     * a gap (a position with no record up to {@code to}) without completing.
     */
    boolean serve(Cursor c, Demand d) {
      long n = c.next;
      if (n < from || n >= to) {
        return false;
      }
      long end = d.end.getAsLong();
      if (n >= end) {
        return c.finish(d, List.of(), n, 0);
      }
      List<StoredRecord> out = new ArrayList<>();
      long bytes = 0;
      long next = Math.min(to, end);
      for (StoredRecord r : records) {
        if (r.offset() < n) {
          continue;
        }
        if (r.offset() >= end) {
          break;
        }
        long size = sizeOf(r);
        if (out.size() >= d.maxRecords || (!out.isEmpty() && bytes + size > d.maxBytes)) {
          next = r.offset();
          break;
        }
        out.add(r);
        bytes += size;
      }
      if (out.isEmpty() && next < end) {
        c.next = next; // nothing there but a gap (e.g. transaction markers): skip it
        return false;
      }
      return c.finish(d, out, next, lag < 0 ? -1 : lag + (to - next));
    }
  }

  /** One outstanding request of a cursor: completed once, by the reader or by the timer. */
  static final class Demand {
    final CompletableFuture<Batch> future = new CompletableFuture<>();
    final LongSupplier end;
    final int maxRecords;
    final long maxBytes;
    final AtomicBoolean done = new AtomicBoolean();
    volatile ScheduledFuture<?> timeout;

    Demand(LongSupplier end, int maxRecords, long maxBytes) {
      this.end = end;
      this.maxRecords = maxRecords;
      this.maxBytes = maxBytes;
    }

    boolean live() {
      return !done.get();
    }
  }

  /**
   * A subscription's position in one partition. One {@link #next} at a time; {@link #interrupt} and
   * {@link #close} from any thread.
   */
  public final class Cursor implements AutoCloseable {
    final FanOutReader reader;
    final TopicPartition tp;
    final AtomicReference<Demand> demand = new AtomicReference<>();
    // Written by the thread that wins a Demand (or by the reader for gaps), read by all.
    volatile long next;
    volatile boolean closed;

    Cursor(FanOutReader reader, TopicPartition tp, long offset) {
      this.reader = reader;
      this.tp = tp;
      this.next = offset;
    }

    /**
     * Waits up to {@code maxWait} for records before {@code endExclusive} (asked again at each
     * delivery, so a shard closing meanwhile is seen) and completes with up to {@code maxRecords}
     * records and about {@code maxBytes} (at least one record when any is there), or with none when
     * the wait runs out. The future completes on a reader or timer thread: chain heavy work
     * asynchronously.
     */
    public CompletableFuture<Batch> next(
        LongSupplier endExclusive, int maxRecords, long maxBytes, Duration maxWait) {
      if (closed) {
        return CompletableFuture.failedFuture(
            new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, "subscription closed"));
      }
      Demand d = new Demand(endExclusive, maxRecords, maxBytes);
      Demand previous = demand.get();
      if (previous != null && previous.live()) {
        throw new IllegalStateException("a wait is already in progress on " + tp);
      }
      // Served here, before the reader can see the demand, so that only this thread moves next.
      long n = next;
      if (n >= endExclusive.getAsLong()) {
        finish(d, List.of(), n, 0);
        demand.set(d);
        return d.future;
      }
      Retained recent = reader.retained(tp);
      if (recent != null && recent.serve(this, d)) {
        demand.set(d);
        return d.future; // the batch that came while our caller was busy with the last one
      }
      demand.set(d);
      d.timeout =
          timer.schedule(
              () -> finish(d, List.of(), next, 0), maxWait.toNanos(), TimeUnit.NANOSECONDS);
      reader.demanded(this);
      return d.future;
    }

    /** Ends a wait in progress at once, with no records; callable from any thread. */
    public void interrupt() {
      Demand d = demand.get();
      if (d != null) {
        finish(d, List.of(), next, 0);
      }
    }

    /** Completes {@code d} if nobody did yet, moving this cursor to {@code nextOffset}. */
    boolean finish(Demand d, List<ShardReader.StoredRecord> records, long nextOffset, long behind) {
      if (!d.done.compareAndSet(false, true)) {
        return false;
      }
      next = nextOffset;
      ScheduledFuture<?> t = d.timeout;
      if (t != null) {
        t.cancel(false);
      }
      d.future.complete(new Batch(records, nextOffset, behind));
      return true;
    }

    void fail(RuntimeException e) {
      Demand d = demand.get();
      if (d != null && d.done.compareAndSet(false, true)) {
        ScheduledFuture<?> t = d.timeout;
        if (t != null) {
          t.cancel(false);
        }
        d.future.completeExceptionally(e);
      }
    }

    /** Leaves the reader; a wait in progress fails. Idempotent, from any thread. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      fail(new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, "subscription closed"));
      reader.closed(this);
    }
  }
}
