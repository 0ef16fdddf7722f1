package io.kinesisonkafka.adapter.internals.kafka;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Reads a range of one partition for GetRecords. A bounded pool of assign-only consumers; after a
 * read the consumer is parked under (partition, next offset), so a reader that follows its own
 * iterator finds the consumer already positioned with the next fetch in flight — the same
 * pipelining a plain KafkaConsumer gets. Records fetched beyond a call's limit wait in the slot for
 * the next call. Each slot is used by one thread at a time.
 */
public final class ShardReader implements AutoCloseable {
  private static final Duration MAX_POLL = Duration.ofMillis(10);
  private final KafkaSettings kafka;
  private final int maxConsumers;
  private final int fetchWaitMs;

  // Guarded by "this": parked slots by position, least recently used first.
  private final LinkedHashMap<Position, Slot> parked = new LinkedHashMap<>(16, 0.75f, true);
  private int created;
  private boolean closed;

  /** A record as stored in Kafka, in the engine's terms. */
  public record StoredRecord(
      long offset, long timestampMillis, byte[] key, byte[] value, byte[] explicitHashKey) {}

  /** What a read returned; {@code behind} is how many records follow it (-1 if unknown). */
  public record Batch(List<StoredRecord> records, long nextOffset, long behind) {}

  private record Position(TopicPartition partition, long offset) {}

  private static final class Slot {
    final KafkaConsumer<byte[], byte[]> consumer;
    final ArrayDeque<ConsumerRecord<byte[], byte[]>> leftover = new ArrayDeque<>();
    TopicPartition assigned;

    Slot(KafkaConsumer<byte[], byte[]> consumer) {
      this.consumer = consumer;
    }
  }

  public ShardReader(KafkaSettings kafka, int maxConsumers, int fetchWaitMs) {
    this.kafka = kafka;
    this.maxConsumers = maxConsumers;
    this.fetchWaitMs = fetchWaitMs;
  }

  /**
   * Reads from {@code offset} up to {@code maxRecords} records and about {@code maxBytes} (at least
   * one record when any is there), never at or past {@code endExclusive}. Waits at most {@code
   * maxWait} for data; returns at once when caught up.
   */
  public Batch read(
      String topic,
      int partition,
      long offset,
      long endExclusive,
      int maxRecords,
      long maxBytes,
      Duration maxWait) {
    TopicPartition tp = new TopicPartition(topic, partition);
    if (offset >= endExclusive) {
      return new Batch(List.of(), offset, 0);
    }
    Slot slot = acquire(tp, offset);
    long next = offset;
    try {
      List<StoredRecord> out = new ArrayList<>();
      long bytes = 0;
      long deadline = System.nanoTime() + maxWait.toNanos();
      boolean atEnd = false;
      while (true) {
        Iterator<ConsumerRecord<byte[], byte[]>> it = slot.leftover.iterator();
        while (it.hasNext() && out.size() < maxRecords) {
          ConsumerRecord<byte[], byte[]> r = it.next();
          if (r.offset() >= endExclusive) {
            atEnd = true;
            break;
          }
          long size = sizeOf(r);
          if (!out.isEmpty() && bytes + size > maxBytes) {
            break;
          }
          out.add(toStored(r));
          bytes += size;
          next = r.offset() + 1;
          it.remove();
        }
        if (atEnd || out.size() >= maxRecords || bytes >= maxBytes || !slot.leftover.isEmpty()) {
          break;
        }
        OptionalLong lag = slot.consumer.currentLag(tp);
        if (!out.isEmpty() && (lag.isEmpty() || lag.getAsLong() == 0)) {
          break;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        ConsumerRecords<byte[], byte[]> polled =
            poll(slot, tp, Duration.ofNanos(Math.min(remaining, MAX_POLL.toNanos())));
        if (!polled.isEmpty()) {
          slot.leftover.addAll(polled.records(tp));
        } else if (!out.isEmpty() || caughtUp(slot, tp)) {
          break;
        }
      }
      if (out.isEmpty() && slot.leftover.isEmpty()) {
        next = Math.min(Math.max(next, slot.consumer.position(tp)), endExclusive);
      }
      OptionalLong lag = slot.consumer.currentLag(tp);
      long behind = lag.isPresent() ? lag.getAsLong() + slot.leftover.size() : -1;
      if (atEnd) {
        behind = 0;
      } else if (behind < 0 && out.isEmpty()) {
        // Nothing read within the wait (a busy machine, a new consumer): ask the broker, so that
        // an empty answer never says "caught up" while records follow.
        long end = slot.consumer.endOffsets(Set.of(tp), Duration.ofSeconds(5)).get(tp);
        behind = Math.max(0, Math.min(end, endExclusive) - next);
      }
      return new Batch(out, next, behind);
    } catch (RuntimeException e) {
      closeSlot(slot);
      slot = null;
      throw KafkaErrors.translate("read " + tp, e);
    } finally {
      if (slot != null) {
        release(slot, tp, slot.leftover.isEmpty() ? next : slot.leftover.peek().offset());
      }
    }
  }

  /**
   * Whether the slot's position is at the partition's high watermark. Incremental fetch responses
   * omit partitions without new data, so the consumer's lag can stay unknown: then ask the leader.
   */
  private static boolean caughtUp(Slot slot, TopicPartition tp) {
    OptionalLong lag = slot.consumer.currentLag(tp);
    if (lag.isPresent()) {
      return lag.getAsLong() == 0;
    }
    long end = slot.consumer.endOffsets(Set.of(tp), Duration.ofSeconds(5)).get(tp);
    return slot.consumer.position(tp) >= end;
  }

  private ConsumerRecords<byte[], byte[]> poll(Slot slot, TopicPartition tp, Duration timeout) {
    try {
      return slot.consumer.poll(timeout);
    } catch (OffsetOutOfRangeException e) {
      repositionOutOfRange(slot.consumer, tp);
      return ConsumerRecords.empty();
    }
  }

  /**
   * Moves a consumer whose position left the log back into it: to the log start when retention
   * deleted what it pointed at (Kinesis then reads from the trim horizon), else to the end.
   */
  static void repositionOutOfRange(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp) {
    long earliest = consumer.beginningOffsets(Set.of(tp)).get(tp);
    long latest = consumer.endOffsets(Set.of(tp)).get(tp);
    consumer.seek(tp, consumer.position(tp) < earliest ? earliest : latest);
  }

  private static long sizeOf(ConsumerRecord<byte[], byte[]> r) {
    return (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
  }

  static StoredRecord toStored(ConsumerRecord<byte[], byte[]> r) {
    Header ehk = r.headers().lastHeader(RecordLog.EXPLICIT_HASH_KEY_HEADER);
    return new StoredRecord(
        r.offset(),
        r.timestamp(),
        r.key(),
        r.value() == null ? new byte[0] : r.value(),
        ehk == null ? null : ehk.value());
  }

  private Slot acquire(TopicPartition tp, long offset) {
    Slot slot;
    synchronized (this) {
      while (true) {
        if (closed) {
          throw new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, "reader closed");
        }
        slot = parked.remove(new Position(tp, offset));
        if (slot != null) {
          return slot;
        }
        if (created < maxConsumers) {
          created++;
          break;
        }
        if (!parked.isEmpty()) {
          Iterator<Slot> eldest = parked.values().iterator();
          slot = eldest.next();
          eldest.remove();
          break;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, "interrupted", e);
        }
      }
    }
    if (slot == null) {
      try {
        slot = new Slot(new KafkaConsumer<>(kafka.reader("shard-reader", 10_000, fetchWaitMs)));
      } catch (RuntimeException e) {
        synchronized (this) {
          created--;
          notifyAll();
        }
        throw e;
      }
    }
    slot.leftover.clear();
    if (!Objects.equals(slot.assigned, tp)) {
      slot.consumer.assign(Set.of(tp));
      slot.assigned = tp;
    }
    slot.consumer.seek(tp, offset);
    return slot;
  }

  private void release(Slot slot, TopicPartition tp, long nextOffset) {
    synchronized (this) {
      if (!closed) {
        Slot displaced = parked.put(new Position(tp, nextOffset), slot);
        notifyAll();
        if (displaced == null) {
          return;
        }
        slot = displaced;
      }
    }
    closeSlot(slot);
  }

  private void closeSlot(Slot slot) {
    try {
      slot.consumer.close(Duration.ofSeconds(1));
    } finally {
      synchronized (this) {
        created--;
        notifyAll();
      }
    }
  }

  @Override
  public void close() {
    List<Slot> slots;
    synchronized (this) {
      closed = true;
      slots = new ArrayList<>(parked.values());
      parked.clear();
      notifyAll();
    }
    slots.forEach(this::closeSlot);
  }

  /** For tests and metrics: consumers alive now. */
  public synchronized int consumers() {
    return created;
  }
}
