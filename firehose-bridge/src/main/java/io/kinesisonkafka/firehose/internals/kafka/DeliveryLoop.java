package io.kinesisonkafka.firehose.internals.kafka;

import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.firehose.BufferingHints;
import io.kinesisonkafka.firehose.internals.delivery.Batch;
import io.kinesisonkafka.firehose.internals.delivery.BatchSink;
import io.kinesisonkafka.firehose.internals.delivery.BufferedRecord;
import io.kinesisonkafka.firehose.internals.delivery.PartitionBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
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
  private static final long MIN_BACKOFF_MS = 200;
  private static final long MAX_BACKOFF_MS = 5_000;

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
  private volatile boolean delivering;
  private volatile String problem;
  private volatile String failure;

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
    long backoffMs = MIN_BACKOFF_MS;
    boolean resumeAfterProblem = false;
    try {
      consumer.subscribe(List.of(topic), new Rebalances());
      while (!closing) {
        try {
          if (resumeAfterProblem) {
            // What was buffered may be half delivered or half committed: start every partition
            // again from its committed offset, cutting where a batch's end was recorded.
            buffers.clear();
            resume(consumer.assignment());
            resumeAfterProblem = false;
          }
          pollOnce();
          if (problem != null) {
            log.info("Delivery stream {} reaches Kafka again", stream);
            problem = null;
          }
          backoffMs = MIN_BACKOFF_MS;
        } catch (WakeupException | InterruptException e) {
          throw e;
        } catch (KafkaException e) {
          if (closing) {
            break;
          }
          // Kafka unreachable, a coordinator moving, a timeout: wait and start again from the
          // committed offsets, for as long as it takes.
          if (problem == null) {
            log.warn("Delivery stream {} cannot reach Kafka, retrying: {}", stream, e.toString());
          }
          problem = e.toString();
          resumeAfterProblem = true;
          pause(backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1));
          backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptException e) {
      if (!closing) {
        failed("interrupted", e);
      }
    } catch (RuntimeException | Error e) {
      if (!closing) {
        failed("stopped delivering", e);
      }
    } finally {
      Thread.interrupted();
      try {
        // Long enough to leave the group, so that another instance takes the partitions now.
        consumer.close(Duration.ofSeconds(2));
      } catch (InterruptException e) {
        // close() interrupted a delivery that had just ended: the group times the member out
      }
    }
  }

  private void failed(String what, Throwable e) {
    failure = "delivery stream " + stream + " " + what + ": " + e;
    log.error("Delivery stream {} {}; restart the bridge", stream, what, e);
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  /**
   * Serving; waiting while Kafka cannot be reached (the loop retries by itself); failed once the
   * loop stopped for good.
   */
  public Health health() {
    String failed = failure;
    if (failed != null) {
      return Health.failed(failed);
    }
    String current = problem;
    return current == null
        ? Health.serving()
        : Health.waiting("delivery stream " + stream + " cannot reach Kafka: " + current);
  }

  private void pollOnce() {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
    long now = System.nanoTime();
    for (TopicPartition tp : records.partitions()) {
      for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
        PartitionBuffer buffer = buffers.get(tp.partition());
        if (buffer == null) {
          break; // lost while delivering: resumes from the committed offset
        }
        List<BufferedRecord> decoded = decoder.decode(r);
        long size = 0;
        for (BufferedRecord d : decoded) {
          size += d.data().length;
        }
        if (buffer.endsBefore(r.offset()) || buffer.fullBefore(hints, size)) {
          deliver(buffer.cut());
          if (buffers.get(tp.partition()) != buffer) {
            break; // moved, or restarted from the committed offset: the rest comes again
          }
        }
        buffer.add(r.offset(), decoded, now);
      }
    }
    for (PartitionBuffer buffer : List.copyOf(buffers.values())) {
      TopicPartition tp = new TopicPartition(topic, buffer.partition());
      long position = consumer.position(tp);
      buffer.advanceTo(position);
      if (buffer.due(hints, System.nanoTime(), position)) {
        deliver(buffer.cut());
      }
    }
  }

  /** Buffers follow the group's assignment; called on this loop's thread, inside poll. */
  private final class Rebalances implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      resume(partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> buffers.remove(tp.partition()));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }
  }

  /** Starts buffering {@code partitions} from their committed offsets, cutting where recorded. */
  private void resume(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(Set.copyOf(partitions), Duration.ofSeconds(30));
    for (TopicPartition tp : partitions) {
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
            "Delivery stream {} partition {}: delivering again the batch [{}, {}) recorded"
                + " before a restart",
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
    if (!commit(tp, new OffsetAndMetadata(batch.firstOffset(), END + batch.endOffset()))) {
      return;
    }
    delivering = true;
    try {
      sink.deliver(batch);
    } finally {
      delivering = false;
    }
    if (closing) {
      throw new WakeupException();
    }
    commit(tp, new OffsetAndMetadata(batch.endOffset(), ""));
  }

  /**
   * Commits for one partition; false when the group took the partition away meanwhile (the buffer
   * is dropped, or restarted from the committed offset if the partition came back).
   */
  private boolean commit(TopicPartition tp, OffsetAndMetadata offset) {
    try {
      consumer.commitSync(Map.of(tp, offset));
      return true;
    } catch (CommitFailedException | RebalanceInProgressException e) {
      log.info(
          "Delivery stream {} partition {} moved during delivery: {}",
          stream,
          tp.partition(),
          e.toString());
      buffers.remove(tp.partition());
      if (consumer.assignment().contains(tp)) {
        resume(List.of(tp));
      }
      return false;
    }
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
    if (delivering) {
      thread.interrupt(); // out of a put that may block (a hung store, a back-off)
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
