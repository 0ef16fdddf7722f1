package io.kinesisonkafka.firehose.internals.kafka;

import io.kinesisonkafka.adapter.catalog.Health;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery streams, one compacted single-partition topic keyed by name (a tombstone deletes),
 * read by every bridge instance on its own thread. A write returns once this instance's view has
 * read it, so a create is visible to the describe that follows. Concurrent writers to one name: the
 * last in log order wins, on every instance.
 */
public final class CatalogTopic implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CatalogTopic.class);
  private static final Duration REACH_CHECK_INTERVAL = Duration.ofSeconds(1);
  private final KafkaClients clients;
  private final TopicPartition partition;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, byte[]> entries = new ConcurrentHashMap<>();
  private final BiConsumer<String, byte[]> listener;
  private final Thread reader;
  private final Object progress = new Object();
  private volatile long position;
  private volatile boolean closing;
  private volatile String problem;
  private long lastReachedNanos = System.nanoTime(); // reader thread only
  private volatile String failure;

  /**
   * @param listener told of every change in log order, on the reader thread: the name, and the new
   *     value or null for a delete
   */
  public CatalogTopic(KafkaClients clients, String topic, BiConsumer<String, byte[]> listener) {
    clients.createTopic(
        topic, 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "3600000"));
    this.clients = clients;
    this.partition = new TopicPartition(topic, 0);
    this.listener = listener;
    this.producer = new KafkaProducer<>(clients.producer("firehose-catalog-writer"));
    this.consumer = new KafkaConsumer<>(clients.consumer("firehose-catalog-reader", null));
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    this.reader = new Thread(this::read, "firehose-catalog-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    long backoffMs = 100;
    try {
      while (!closing) {
        try {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            String name = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
              entries.remove(name);
            } else {
              entries.put(name, r.value());
            }
            listener.accept(name, r.value());
          }
          position = consumer.position(partition, Duration.ofSeconds(3));
          long now = System.nanoTime();
          if (now - lastReachedNanos > REACH_CHECK_INTERVAL.toNanos()) {
            // poll() says nothing when Kafka is gone; asking the leader does, within 3 s.
            consumer.endOffsets(List.of(partition), Duration.ofSeconds(3));
            lastReachedNanos = now;
          }
          synchronized (progress) {
            progress.notifyAll();
          }
          problem = null;
          backoffMs = 100;
        } catch (WakeupException | InterruptException e) {
          throw e;
        } catch (KafkaException e) {
          // Kafka unreachable: keep the view as it is and try again, for as long as it takes.
          if (problem == null) {
            log.warn("Delivery stream catalog cannot reach Kafka, retrying: {}", e.toString());
          }
          problem = e.toString();
          Thread.sleep(backoffMs);
          backoffMs = Math.min(2_000, backoffMs * 2);
        }
      }
    } catch (WakeupException | InterruptException | InterruptedException e) {
      if (!closing) {
        failure = "delivery stream catalog reader interrupted: " + e;
      }
    } catch (RuntimeException | Error e) {
      failure = "delivery stream catalog reader stopped: " + e;
      log.error("Delivery stream catalog reader stopped; restart the bridge", e);
    } finally {
      consumer.close(Duration.ZERO);
    }
  }

  /**
   * Serving; waiting while Kafka cannot be reached (the reader retries by itself); failed once the
   * reader stopped for good.
   */
  public Health health() {
    String failed = failure;
    if (failed != null) {
      return Health.failed(failed);
    }
    String current = problem;
    return current == null
        ? Health.serving()
        : Health.waiting("delivery stream catalog cannot reach Kafka: " + current);
  }

  public Map<String, byte[]> entries() {
    return Map.copyOf(entries);
  }

  public byte[] get(String name) {
    return entries.get(name);
  }

  /** Writes (or with a null value deletes) an entry and waits until this view has read it. */
  public void write(String name, byte[] value, Duration timeout) {
    try {
      long offset =
          producer
              .send(
                  new ProducerRecord<>(
                      partition.topic(), 0, name.getBytes(StandardCharsets.UTF_8), value))
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .offset();
      awaitPosition(offset + 1, timeout);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not write delivery stream " + name + " to the catalog", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted writing delivery stream " + name, e);
    }
  }

  /** Waits until everything written before this call has been read. */
  public void awaitCaughtUp(Duration timeout) {
    long end = producerEnd(timeout);
    awaitPosition(end, timeout);
  }

  private long producerEnd(Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> probe =
        new KafkaConsumer<>(clients.consumer("firehose-catalog-probe", null))) {
      return probe.endOffsets(List.of(partition), timeout).get(partition);
    }
  }

  private void awaitPosition(long target, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (position < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("the catalog was not read up to " + target + " in time");
        }
        try {
          progress.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for the catalog", e);
        }
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      reader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
