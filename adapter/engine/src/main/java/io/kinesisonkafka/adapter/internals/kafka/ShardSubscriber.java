package io.kinesisonkafka.adapter.internals.kafka;

import io.kinesisonkafka.adapter.internals.kafka.ShardReader.Batch;
import io.kinesisonkafka.adapter.internals.kafka.ShardReader.StoredRecord;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One SubscribeToShard reader: its own consumer, positioned once and then read sequentially with
 * long polls (the broker holds a fetch until data arrives), so an idle subscription costs one
 * parked fetch and a delivered record costs one round trip. Confined to one thread at a time.
 */
public final class ShardSubscriber implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TopicPartition tp;
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> leftover = new ArrayDeque<>();
  private long next;
  private boolean closed;

  public ShardSubscriber(KafkaSettings kafka, String topic, int partition, long offset) {
    this.tp = new TopicPartition(topic, partition);
    this.consumer = new KafkaConsumer<>(kafka.reader("subscriber", 10_000, 500));
    this.consumer.assign(Set.of(tp));
    this.consumer.seek(tp, offset);
    this.next = offset;
  }

  /** Waits up to {@code maxWait} for records before {@code endExclusive}; may return none. */
  public Batch next(long endExclusive, int maxRecords, long maxBytes, Duration maxWait) {
    if (next >= endExclusive) {
      return new Batch(List.of(), next, 0);
    }
    if (leftover.isEmpty()) {
      ConsumerRecords<byte[], byte[]> polled = poll(maxWait);
      leftover.addAll(polled.records(tp));
    }
    List<StoredRecord> out = new ArrayList<>();
    long bytes = 0;
    while (!leftover.isEmpty() && out.size() < maxRecords) {
      ConsumerRecord<byte[], byte[]> r = leftover.peek();
      if (r.offset() >= endExclusive) {
        leftover.clear();
        next = endExclusive;
        return new Batch(out, next, 0);
      }
      long size =
          (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
      if (!out.isEmpty() && bytes + size > maxBytes) {
        break;
      }
      leftover.poll();
      out.add(ShardReader.toStored(r));
      bytes += size;
      next = r.offset() + 1;
    }
    if (out.isEmpty() && leftover.isEmpty()) {
      next = Math.min(Math.max(next, consumer.position(tp)), endExclusive);
    }
    OptionalLong lag = consumer.currentLag(tp);
    return new Batch(out, next, lag.isPresent() ? lag.getAsLong() + leftover.size() : -1);
  }

  private ConsumerRecords<byte[], byte[]> poll(Duration maxWait) {
    try {
      return consumer.poll(maxWait);
    } catch (WakeupException e) {
      return ConsumerRecords.empty();
    } catch (OffsetOutOfRangeException e) {
      ShardReader.repositionOutOfRange(consumer, tp);
      return ConsumerRecords.empty();
    }
  }

  /** Ends a poll in progress early (it returns no records); callable from any thread. */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      consumer.close(Duration.ofSeconds(1));
    }
  }
}
