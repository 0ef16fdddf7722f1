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
  // Bounds how long a resumed or re-positioned partition waits for the fetch in flight.
  private static final int FETCH_WAIT_MS = 100;
  private static final int MAX_POLL_RECORDS = 2_000;
  private static final long MAX_RETAINED_PARTITION_BYTES = 256 * 1024;
  private static final long MAX_RETAINED_BYTES = 32L * 1024 * 1024;

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
  private long retainedBytes;

  /** A partition at this reader; positions and pause state are confined to the reader thread. */
  static final class PartitionState {
    final Set<Cursor> cursors = ConcurrentHashMap.newKeySet();
    // Where the consumer fetches from, -1 before the first seek.
    long pos = -1;
    // -1 unknown to the consumer, 0 fetching, 1 paused.
    int paused = -1;
    // What cursor threads read to decide whether to wake the consumer: pos when fetching, else -1.
    volatile long fetchingAt = -1;
    // The last polled batch, for cursors that ask just after it came; cursor threads read it.
    volatile FanOutReaders.Retained last;
    long lastBytes;
    // Batches in a row that no cursor took.
    int useless;
    // Whether the fetch is for the lowest position waited for, and whether the last batch was.
    boolean targetIsLow = true;
    boolean servedLowLast;
  }

  FanOutReader(KafkaSettings kafka, String name) {
    this.kafka = kafka;
    this.consumer = newConsumer();
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  private KafkaConsumer<byte[], byte[]> newConsumer() {
    return new KafkaConsumer<>(kafka.reader("subscriptions", MAX_POLL_RECORDS, FETCH_WAIT_MS));
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

  FanOutReaders.Retained retained(TopicPartition tp) {
    PartitionState s = partitions.get(tp);
    return s == null ? null : s.last;
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
          drop(s);
        }
        dirty.add(tp);
      }
    }
    assigned = want;
    retainedBytes = 0;
    for (PartitionState s : partitions.values()) {
      retainedBytes += s.lastBytes;
    }
  }

  private void drop(PartitionState s) {
    retainedBytes -= s.lastBytes;
    s.lastBytes = 0;
    s.last = null;
  }

  /**
   * Fetches a partition somebody waits on from the lowest position waited for (resuming it if it
   * was paused). A partition nobody waits on is left as it is: its fetch goes on, so a subscriber
   * that is between two events finds the next batch retained when it asks again.
   */
  private void prepare(TopicPartition tp) {
    PartitionState s = partitions.get(tp);
    if (s == null || s.cursors.isEmpty()) {
      return;
    }
    if (!assigned.contains(tp)) {
      reassign();
    }
    long target = lowestWaiting(s);
    // Subscribers at two positions take turns: after a batch for the lowest, one for the
    // highest, so that one catching up from far behind does not hold back those at the tip.
    long highest = highestWaiting(s);
    boolean low = !(s.servedLowLast && highest != Long.MIN_VALUE && highest > target);
    if (!low) {
      target = highest;
    }
    s.targetIsLow = low;
    if (target == Long.MAX_VALUE) {
      if (s.pos >= 0) {
        return;
      }
      target = s.cursors.stream().mapToLong(c -> c.next).min().orElse(0);
    }
    if (s.pos != target) {
      consumer.seek(tp, target);
      s.pos = target;
      drop(s);
    }
    if (s.paused != 0) {
      consumer.resume(Set.of(tp));
      s.paused = 0;
      s.useless = 0;
    }
    s.fetchingAt = s.pos;
  }

  private static long highestWaiting(PartitionState s) {
    long highest = Long.MIN_VALUE;
    for (Cursor c : s.cursors) {
      Demand d = c.demand.get();
      if (d != null && d.live()) {
        highest = Math.max(highest, c.next);
      }
    }
    return highest;
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

  /**
   * Hands a polled batch to each waiting cursor whose position it covers and retains it for those
   * that ask a moment later. Two batches in a row that nobody took pause the partition: its
   * subscribers are slow, and the broker need not send what they do not read.
   */
  private void deliver(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> polled) {
    PartitionState s = partitions.get(tp);
    if (s == null || s.pos < 0) {
      return;
    }
    long from = s.pos;
    long to = consumer.position(tp);
    s.pos = to;
    s.servedLowLast = s.targetIsLow;
    List<StoredRecord> records = new ArrayList<>(polled.size());
    long bytes = 0;
    for (ConsumerRecord<byte[], byte[]> r : polled) {
      StoredRecord stored = ShardReader.toStored(r);
      records.add(stored);
      bytes += FanOutReaders.sizeOf(stored);
    }
    OptionalLong lag = consumer.currentLag(tp);
    FanOutReaders.Retained batch =
        new FanOutReaders.Retained(records, from, to, lag.isPresent() ? lag.getAsLong() : -1);
    retainedBytes -= s.lastBytes;
    boolean retain =
        bytes <= MAX_RETAINED_PARTITION_BYTES && retainedBytes + bytes <= MAX_RETAINED_BYTES;
    s.last = retain ? batch : null;
    s.lastBytes = retain ? bytes : 0;
    retainedBytes += s.lastBytes;
    boolean taken = false;
    for (Cursor c : s.cursors) {
      Demand d = c.demand.get();
      if (d != null && d.live() && batch.serve(c, d)) {
        taken = true;
      }
    }
    if (taken) {
      s.useless = 0;
    } else if (++s.useless >= 2 && s.paused == 0) {
      s.fetchingAt = -1;
      consumer.pause(Set.of(tp));
      s.paused = 1;
      if (lowestWaiting(s) != Long.MAX_VALUE) {
        dirty.add(tp); // somebody asked while we paused: resume at the next loop
      }
      return;
    }
    s.fetchingAt = s.paused == 0 ? to : -1;
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
      drop(s);
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
