package io.kinesisonkafka.producer.internals.kafka;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The KafkaProducers of a {@code KinesisProducer}: idempotent with {@code acks=all}, so Kafka's own
 * retries of broker errors (leader moves, timeouts of one request) never duplicate a record. Their
 * delivery timeout is at least the record TTL: when Kafka gives up on a record, the record has
 * expired anyway, so an ambiguous timeout is never retried as a second record.
 *
 * <p>{@code MaxConnections} of them at most, each with its own connection to every broker: a broker
 * handles one request of a connection at a time, so one connection caps a producer at what one
 * broker thread appends. A partition always goes through the same producer (its slot), which keeps
 * Kafka's per-partition order and idempotence; slots are opened on first use, so a stream of four
 * shards opens at most four.
 */
public final class RecordSink implements AutoCloseable {
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /** Kafka's per-batch overhead above the largest record. */
  private static final int RECORD_OVERHEAD = 64 * 1024;

  /**
   * Outcome of one send; called once, on Kafka's I/O thread or on the sending thread. It is Kafka's
   * own callback, so that the object sent along (the record itself) is the only one per send.
   */
  public interface Callback extends org.apache.kafka.clients.producer.Callback {
    void onAck(long offset, long timestampMillis);

    /**
     * @param notSent true when Kafka refused the record before taking it (no metadata in time, full
     *     buffer, closed): retrying cannot duplicate it
     */
    void onError(Exception error, boolean notSent);

    @Override
    default void onCompletion(RecordMetadata metadata, Exception error) {
      if (error != null) {
        onError(error, notAppended(error));
      } else {
        onAck(metadata.offset(), metadata.timestamp());
      }
    }
  }

  /**
   * Whether a send is running on this thread: Kafka reports what failed before the record reached
   * its buffer (no metadata for the topic within max.block.ms, no room in the buffer) to the
   * callback from within {@code send()}, on the caller's thread, not by throwing.
   */
  private static final ThreadLocal<boolean[]> SENDING =
      ThreadLocal.withInitial(() -> new boolean[1]);

  /**
   * Whether {@code error} came from within a send on this thread and is a wait that timed out: the
   * record never reached Kafka's buffer, so trying it again cannot write it twice. (Kafka's other
   * errors before the buffer, such as a record too large, would fail again.)
   */
  static boolean notAppended(Exception error) {
    return error instanceof TimeoutException && SENDING.get()[0];
  }

  private final Map<String, Object> settings;
  private final String clientId;
  private final AtomicReferenceArray<KafkaProducer<byte[], byte[]>> producers;

  /** The producer the constructor opened, until the first slot used takes it. Guarded by this. */
  private KafkaProducer<byte[], byte[]> first;

  private boolean closed; // guarded by this

  /** Opens the first producer at once, so that a bad Kafka setting fails here. */
  public RecordSink(KinesisProducerConfig config, CatalogSettings catalog) {
    this.settings = settings(config, catalog);
    this.clientId = String.valueOf(settings.get(CommonClientConfigs.CLIENT_ID_CONFIG));
    this.producers = new AtomicReferenceArray<>(config.maxConnections());
    this.first = new KafkaProducer<>(settings);
  }

  /**
   * The slot of a partition: consecutive partitions of a topic take consecutive slots, so a
   * stream's shards spread over all connections.
   */
  static int slot(String topic, int partition, int slots) {
    return Math.floorMod(topic.hashCode() + partition, slots);
  }

  private KafkaProducer<byte[], byte[]> producer(String topic, int partition) {
    int slot = producers.length() == 1 ? 0 : slot(topic, partition, producers.length());
    KafkaProducer<byte[], byte[]> producer = producers.get(slot);
    return producer != null ? producer : open(slot);
  }

  private synchronized KafkaProducer<byte[], byte[]> open(int slot) {
    KafkaProducer<byte[], byte[]> producer = producers.get(slot);
    if (producer == null) {
      if (closed) {
        throw new IllegalStateException("the producer is closed");
      }
      if (first != null) {
        producer = first;
        first = null;
      } else {
        Map<String, Object> own = new HashMap<>(settings);
        own.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + slot);
        producer = new KafkaProducer<>(own);
      }
      producers.set(slot, producer);
    }
    return producer;
  }

  /**
   * The Kafka producer settings: the producer's tuning, then the user's (in {@code catalog}, the
   * settings the producer opened its catalog view with), then what the guarantees need, which
   * {@link CatalogSettings#producerProperties} applies last.
   */
  public static Map<String, Object> settings(
      KinesisProducerConfig config, CatalogSettings catalog) {
    Map<String, Object> defaults = new HashMap<>();
    long bufferedMs = config.recordMaxBufferedTime().toMillis();
    defaults.put(
        ProducerConfig.LINGER_MS_CONFIG,
        config.aggregationEnabled() ? Math.min(5, bufferedMs) : bufferedMs);
    defaults.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    defaults.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    defaults.put(
        ProducerConfig.BUFFER_MEMORY_CONFIG,
        Math.max(32L * 1024 * 1024, config.maxOutstandingBytes() + 16L * 1024 * 1024));
    defaults.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    defaults.put(
        CommonClientConfigs.CLIENT_ID_CONFIG, "kinesis-producer-" + INSTANCES.incrementAndGet());
    Map<String, Object> p = catalog.producerProperties(defaults, Map.of());
    int requestTimeout =
        Integer.parseInt(
            String.valueOf(p.getOrDefault(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000)));
    long lingerMs = Long.parseLong(String.valueOf(p.get(ProducerConfig.LINGER_MS_CONFIG)));
    p.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int)
            Math.min(
                Integer.MAX_VALUE,
                Math.max(config.recordTtl().toMillis(), lingerMs + requestTimeout)));
    p.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Math.max(config.collectionMaxSize(), (1 << 20) + RECORD_OVERHEAD));
    return p;
  }

  /** Appends to a shard's partition; {@code explicitHashKey} (ASCII decimal) goes in a header. */
  public void send(
      String topic,
      int partition,
      byte[] key,
      byte[] value,
      byte[] explicitHashKey,
      Callback callback) {
    RecordHeaders headers = null;
    if (explicitHashKey != null) {
      headers = new RecordHeaders();
      headers.add(HashKeys.EXPLICIT_HASH_KEY_HEADER, explicitHashKey);
    }
    boolean[] sending = SENDING.get();
    sending[0] = true;
    try {
      producer(topic, partition)
          .send(new ProducerRecord<>(topic, partition, null, key, value, headers), callback);
    } catch (RuntimeException e) {
      callback.onError(e, true);
    } finally {
      sending[0] = false;
    }
  }

  /** Sends what Kafka holds in its batches now. */
  public void flush() {
    for (int i = 0; i < producers.length(); i++) {
      KafkaProducer<byte[], byte[]> producer = producers.get(i);
      if (producer != null) {
        producer.flush();
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /**
   * Closes every producer within {@code timeout} in all: while one waits for its requests, the
   * others' I/O threads go on sending theirs.
   */
  public void close(Duration timeout) {
    synchronized (this) {
      closed = true;
      if (first != null) {
        first.close(Duration.ZERO); // never sent anything
        first = null;
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < producers.length(); i++) {
      KafkaProducer<byte[], byte[]> producer = producers.get(i);
      if (producer != null) {
        producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
    }
  }
}
