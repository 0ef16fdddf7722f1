package io.kinesisonkafka.adapter.internals.kafka;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.kafka.FanOutReaders.Cursor;
import io.kinesisonkafka.adapter.internals.kafka.FanOutReaders.Demand;
import io.kinesisonkafka.adapter.internals.kafka.ShardReader.StoredRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader thread and its KafkaConsumer, serving the cursors of many partitions. Each loop it
 * looks at the partitions whose demand changed: a partition nobody waits on is paused; one that
 * somebody waits on is fetched from the lowest position waited for (a seek when that is not where
 * the consumer is). Each polled batch is handed to every waiting cursor whose position it covers.
 * Cursor threads only add to the concurrent structures and wake the consumer when the partition is
 * not already being fetched from their position; everything touching the consumer is on this
 * thread. If the consumer fails in a way it cannot recover from, every waiting subscription fails
 * with InternalFailure (clients resubscribe), the consumer is rebuilt and the thread carries on.
 */
final class FanOutReader {
  private static final Logger log = LoggerFactory.getLogger(FanOutReader.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final int MAX_POLL_RECORDS = 2_000;

  private final KafkaSettings kafka;
  private final Thread thread;
  private final ConcurrentHashMap<TopicPartition, PartitionState> partitions =
      new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<TopicPartition> dirty = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean assignmentChanged = new AtomicBoolean();
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile boolean closed;
  // Confined to the reader thread.
  private Set<TopicPartition> assigned = Set.of();

  /** A partition at this reader; positions and pause state are confined to the reader thread. */
  static final class PartitionState {
    final Set<Cursor> cursors = ConcurrentHashMap.newKeySet();
    // Where the consumer fetches from, -1 before the first seek.
    long pos = -1;
    // -1 unknown to the consumer, 0 fetching, 1 paused.
    int paused = -1;
    // What cursor threads read to decide whether to wake the consumer: pos when fetching, else -1.
    volatile long fetchingAt = -1;
  }

  FanOutReader(KafkaSettings kafka, String name) {
    this.kafka = kafka;
    this.consumer = newConsumer();
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  private KafkaConsumer<byte[], byte[]> newConsumer() {
    return new KafkaConsumer<>(kafka.reader("subscriptions", MAX_POLL_RECORDS, 500));
  }

  void open(Cursor cursor) {
    synchronized (partitions) {
      partitions.computeIfAbsent(cursor.tp, tp -> new PartitionState()).cursors.add(cursor);
    }
    assignmentChanged.set(true);
    dirty.add(cursor.tp);
    consumer.wakeup();
    LockSupport.unpark(thread);
  }

  void closed(Cursor cursor) {
    synchronized (partitions) {
      PartitionState s = partitions.get(cursor.tp);
      if (s != null && s.cursors.remove(cursor) && s.cursors.isEmpty()) {
        partitions.remove(cursor.tp);
        assignmentChanged.set(true);
      }
    }
    // No wake-up: the partition is paused or dropped at the next loop.
    dirty.add(cursor.tp);
  }

  void demanded(Cursor cursor) {
    dirty.add(cursor.tp);
    PartitionState s = partitions.get(cursor.tp);
    if (s == null || s.fetchingAt != cursor.next) {
      consumer.wakeup();
    }
  }

  void close() {
    closed = true;
    consumer.wakeup();
    LockSupport.unpark(thread);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failAll(new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, "the engine is closing"));
  }

  private void run() {
    try {
      while (!closed) {
        try {
          step();
        } catch (WakeupException e) {
          // a cursor changed its demand, or the reader is closing: look again
        } catch (RuntimeException e) {
          if (closed) {
            break;
          }
          recover(e);
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  private void step() {
    if (assignmentChanged.getAndSet(false)) {
      reassign();
    }
    TopicPartition tp;
    while ((tp = dirty.poll()) != null) {
      prepare(tp);
    }
    if (assigned.isEmpty()) {
      LockSupport.parkNanos(POLL.toNanos()); // open() unparks; a consumer polls only when assigned
      return;
    }
    ConsumerRecords<byte[], byte[]> polled;
    try {
      polled = consumer.poll(POLL);
    } catch (OffsetOutOfRangeException e) {
      reposition(e.partitions());
      return;
    }
    for (TopicPartition p : polled.partitions()) {
      deliver(p, polled.records(p));
    }
  }

  private void reassign() {
    Set<TopicPartition> want = new HashSet<>(partitions.keySet());
    consumer.assign(want);
    for (TopicPartition tp : want) {
      if (!assigned.contains(tp)) {
        PartitionState s = partitions.get(tp);
        if (s != null) {
          s.pos = -1;
          s.paused = -1;
        }
        dirty.add(tp);
      }
    }
    assigned = want;
  }

  /** Pauses a partition nobody waits on; else fetches it from the lowest position waited for. */
  private void prepare(TopicPartition tp) {
    PartitionState s = partitions.get(tp);
    if (s == null || s.cursors.isEmpty()) {
      return;
    }
    if (!assigned.contains(tp)) {
      reassign();
    }
    long lowestWaiting = lowestWaiting(s);
    if (lowestWaiting == Long.MAX_VALUE) {
      // Publish "not fetching" before looking again: a cursor that asks meanwhile either sees it
      // (and wakes the consumer) or is seen here.
      s.fetchingAt = -1;
      lowestWaiting = lowestWaiting(s);
    }
    long target = lowestWaiting;
    if (target == Long.MAX_VALUE) {
      target = s.pos >= 0 ? s.pos : s.cursors.stream().mapToLong(c -> c.next).min().orElse(0);
    }
    if (s.pos != target) {
      consumer.seek(tp, target);
      s.pos = target;
    }
    boolean pause = lowestWaiting == Long.MAX_VALUE;
    if (pause && s.paused != 1) {
      consumer.pause(Set.of(tp));
      s.paused = 1;
    } else if (!pause && s.paused != 0) {
      consumer.resume(Set.of(tp));
      s.paused = 0;
    }
    s.fetchingAt = pause ? -1 : s.pos;
  }

  private static long lowestWaiting(PartitionState s) {
    long lowest = Long.MAX_VALUE;
    for (Cursor c : s.cursors) {
      Demand d = c.demand.get();
      if (d != null && d.live()) {
        lowest = Math.min(lowest, c.next);
      }
    }
    return lowest;
  }

  /** Hands a polled batch to each waiting cursor whose position it covers. */
  private void deliver(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> polled) {
    PartitionState s = partitions.get(tp);
    if (s == null || s.pos < 0) {
      return;
    }
    long from = s.pos;
    long to = consumer.position(tp);
    s.pos = to;
    s.fetchingAt = s.paused == 0 ? to : -1;
    List<StoredRecord> records = new ArrayList<>(polled.size());
    for (ConsumerRecord<byte[], byte[]> r : polled) {
      records.add(ShardReader.toStored(r));
    }
    OptionalLong lag = consumer.currentLag(tp);
    for (Cursor c : s.cursors) {
      Demand d = c.demand.get();
      long n = c.next;
      if (d == null || !d.live() || n < from || n >= to) {
        continue;
      }
      long end = d.end.getAsLong();
      if (n >= end) {
        c.finish(d, List.of(), n, 0);
        continue;
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
        long size = (r.key() == null ? 0 : r.key().length) + r.value().length;
        if (out.size() >= d.maxRecords || (!out.isEmpty() && bytes + size > d.maxBytes)) {
          next = r.offset();
          break;
        }
        out.add(r);
        bytes += size;
      }
      if (out.isEmpty() && next < end) {
        c.next = next; // nothing there but a gap (e.g. transaction markers): skip it
        continue;
      }
      long behind = lag.isPresent() ? lag.getAsLong() + (to - next) : -1;
      c.finish(d, out, next, behind);
    }
    dirty.add(tp);
  }

  /** Retention deleted what a cursor pointed at (move to the log start), or it is past the end. */
  private void reposition(Set<TopicPartition> outOfRange) {
    Map<TopicPartition, Long> earliest = consumer.beginningOffsets(outOfRange);
    Map<TopicPartition, Long> latest = consumer.endOffsets(outOfRange);
    for (TopicPartition tp : outOfRange) {
      PartitionState s = partitions.get(tp);
      if (s == null) {
        continue;
      }
      for (Cursor c : s.cursors) {
        long n = c.next;
        if (n < earliest.get(tp)) {
          c.next = earliest.get(tp);
        } else if (n > latest.get(tp)) {
          c.next = latest.get(tp);
        }
      }
      s.pos = -1;
      dirty.add(tp);
    }
  }

  /**
   * The consumer failed: waiting subscriptions fail with InternalFailure; a new consumer goes on.
   */
  private void recover(RuntimeException e) {
    log.error(
        "Subscription reader {} failed; failing its waiting subscriptions", thread.getName(), e);
    failAll(
        new KinesisException(
            KinesisErrorCode.INTERNAL_FAILURE, "reading failed: " + e.getClass().getSimpleName()));
    try {
      consumer.close(Duration.ofSeconds(1));
    } catch (RuntimeException closing) {
      e.addSuppressed(closing);
    }
    consumer = newConsumer();
    assigned = Set.of();
    assignmentChanged.set(true);
    try {
      Thread.sleep(1_000); // not a tight loop if the failure repeats; clients already know
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private void failAll(KinesisException e) {
    for (PartitionState s : partitions.values()) {
      for (Cursor c : s.cursors) {
        c.fail(e);
      }
    }
  }
}
