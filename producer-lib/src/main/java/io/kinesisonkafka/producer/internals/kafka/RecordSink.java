package io.kinesisonkafka.producer.internals.kafka;

import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one KafkaProducer of a {@code KinesisProducer}: idempotent with {@code acks=all}, so Kafka's
 * own retries of broker errors (leader moves, timeouts of one request) never duplicate a record.
 * Its delivery timeout is at least the record TTL: when Kafka gives up on a record, the record has
 * expired anyway, so an ambiguous timeout is never retried as a second record.
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
        onError(error, false);
      } else {
        onAck(metadata.offset(), metadata.timestamp());
      }
    }
  }

  private final KafkaProducer<byte[], byte[]> producer;

  public RecordSink(KinesisProducerConfig config) {
    this.producer = new KafkaProducer<>(settings(config));
  }

  /** The Kafka producer settings: the user's, under what the guarantees need. */
  public static Map<String, Object> settings(KinesisProducerConfig config) {
    Map<String, Object> p = new HashMap<>();
    long bufferedMs = config.recordMaxBufferedTime().toMillis();
    p.put(
        ProducerConfig.LINGER_MS_CONFIG,
        config.aggregationEnabled() ? Math.min(5, bufferedMs) : bufferedMs);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    p.put(
        ProducerConfig.BUFFER_MEMORY_CONFIG,
        Math.max(32L * 1024 * 1024, config.maxOutstandingBytes() + 16L * 1024 * 1024));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "kinesis-producer-" + INSTANCES.incrementAndGet());
    p.putAll(config.kafkaProperties());
    int requestTimeout =
        Integer.parseInt(
            String.valueOf(p.getOrDefault(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000)));
    long lingerMs = Long.parseLong(String.valueOf(p.get(ProducerConfig.LINGER_MS_CONFIG)));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int)
            Math.min(
                Integer.MAX_VALUE,
                Math.max(config.recordTtl().toMillis(), lingerMs + requestTimeout)));
    p.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Math.max(config.collectionMaxSize(), (1 << 20) + RECORD_OVERHEAD));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
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
    try {
      producer.send(new ProducerRecord<>(topic, partition, null, key, value, headers), callback);
    } catch (RuntimeException e) {
      callback.onError(e, true);
    }
  }

  /** Sends what Kafka holds in its batches now. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  public void close(Duration timeout) {
    producer.close(timeout);
  }
}
