package io.kinesisonkafka.firehose.internals.kafka;

import io.kinesisonkafka.firehose.BufferingHints;
import io.kinesisonkafka.firehose.internals.delivery.Batch;
import io.kinesisonkafka.firehose.internals.delivery.BatchSink;
import io.kinesisonkafka.firehose.internals.delivery.BufferedRecord;
import io.kinesisonkafka.firehose.internals.delivery.PartitionBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery stream's thread: reads every partition of its source topic, buffers per partition,
 * and delivers a batch when the buffering hints say so.
 *
 * <p>Exactly-once objects: before a batch is delivered, its bounds are committed for the delivery
 * stream's consumer group as the batch's first offset with metadata {@code end=<end offset>}; after
 * the destination acknowledged, the end offset is committed. A bridge restarted between the two
 * resumes at the first offset and cuts exactly at the recorded end, whatever the hints or the clock
 * say, so it rewrites the same object under the same name. Partitions are assigned, not subscribed:
 * one bridge instance delivers a delivery stream.
 */
public final class DeliveryLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
  static final String END = "end=";

  private final String stream;
  private final String topic;
  private final BufferingHints hints;
  private final SourceDecoder decoder;
  private final BatchSink sink;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Duration pollTimeout;
  private final Thread thread;

  /** Confined to {@link #thread}. */
  private final Map<Integer, PartitionBuffer> buffers = new HashMap<>();

  private volatile boolean closing;
  private long lastPartitionCheck;

  public DeliveryLoop(
      KafkaClients clients,
      String stream,
      String topic,
      String groupId,
      BufferingHints hints,
      SourceDecoder decoder,
      BatchSink sink,
      Duration pollTimeout) {
    this.stream = stream;
    this.topic = topic;
    this.hints = hints;
    this.decoder = decoder;
    this.sink = sink;
    this.pollTimeout = pollTimeout;
    this.consumer = new KafkaConsumer<>(clients.consumer("firehose-" + stream, groupId));
    this.thread = new Thread(this::run, "firehose-delivery-" + stream);
    thread.setDaemon(true);
  }

  public DeliveryLoop start() {
    thread.start();
    return this;
  }

  public boolean isClosing() {
    return closing;
  }

  private void run() {
    try {
      while (!closing) {
        assignNewPartitions();
        if (buffers.isEmpty()) {
          // The source topic does not exist yet (a Kinesis stream being created): wait for it.
          Thread.sleep(pollTimeout.toMillis());
          continue;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
        long now = System.nanoTime();
        for (TopicPartition tp : records.partitions()) {
          PartitionBuffer buffer = buffers.get(tp.partition());
          for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
            List<BufferedRecord> decoded = decoder.decode(r);
            long size = 0;
            for (BufferedRecord d : decoded) {
              size += d.data().length;
            }
            if (buffer.endsBefore(r.offset()) || buffer.fullBefore(hints, size)) {
              deliver(buffer.cut());
            }
            buffer.add(r.offset(), decoded, now);
          }
        }
        for (PartitionBuffer buffer : buffers.values()) {
          TopicPartition tp = new TopicPartition(topic, buffer.partition());
          long position = consumer.position(tp);
          buffer.advanceTo(position);
          if (buffer.due(hints, System.nanoTime(), position)) {
            deliver(buffer.cut());
          }
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      if (!closing) {
        log.error("Delivery stream {} stopped delivering", stream, e);
      }
    } finally {
      Thread.interrupted();
      consumer.close(Duration.ZERO);
    }
  }

  private void assignNewPartitions() {
    long now = System.nanoTime();
    if (!buffers.isEmpty() && now - lastPartitionCheck < 5_000_000_000L) {
      return;
    }
    lastPartitionCheck = now;
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    if (infos == null || infos.size() == buffers.size()) {
      return;
    }
    List<TopicPartition> all = new ArrayList<>();
    for (PartitionInfo p : infos) {
      all.add(new TopicPartition(topic, p.partition()));
    }
    consumer.assign(all);
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition tp : all) {
      if (!buffers.containsKey(tp.partition())) {
        fresh.add(tp);
      }
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(Set.copyOf(fresh), Duration.ofSeconds(30));
    for (TopicPartition tp : fresh) {
      OffsetAndMetadata c = committed.get(tp);
      long position;
      if (c == null) {
        consumer.seekToBeginning(List.of(tp));
        position = consumer.position(tp);
      } else {
        position = c.offset();
        consumer.seek(tp, position);
      }
      PartitionBuffer buffer = new PartitionBuffer(stream, tp.partition(), position);
      if (c != null && c.metadata() != null && c.metadata().startsWith(END)) {
        buffer.cutAt(Long.parseLong(c.metadata().substring(END.length())));
        log.info(
            "Delivery stream {} partition {}: delivering again the batch [{}, {}) recorded before a restart",
            stream,
            tp.partition(),
            position,
            buffer.recordedEnd());
      }
      buffers.put(tp.partition(), buffer);
    }
  }

  private void deliver(Batch batch) {
    if (batch.endOffset() <= batch.firstOffset()) {
      return;
    }
    TopicPartition tp = new TopicPartition(topic, batch.partition());
    consumer.commitSync(
        Map.of(tp, new OffsetAndMetadata(batch.firstOffset(), END + batch.endOffset())));
    sink.deliver(batch);
    if (closing) {
      throw new WakeupException();
    }
    consumer.commitSync(Map.of(tp, new OffsetAndMetadata(batch.endOffset(), "")));
  }

  /**
   * Stops reading and delivering. A batch being delivered is abandoned (its bounds are recorded;
   * the next start delivers it again, under the same name); buffered records are delivered by the
   * next start too.
   */
  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
