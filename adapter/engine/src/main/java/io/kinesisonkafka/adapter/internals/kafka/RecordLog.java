package io.kinesisonkafka.adapter.internals.kafka;

import io.kinesisonkafka.adapter.errors.KinesisException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Appends data records to stream partitions through one shared idempotent producer. Listeners run
 * on the producer's I/O thread ("kafka-producer-network-thread"): keep them short.
 */
public final class RecordLog implements AutoCloseable {
  /** Header that carries a record's explicit hash key, when it has one. */
  public static final String EXPLICIT_HASH_KEY_HEADER =
      io.kinesisonkafka.adapter.catalog.HashKeys.EXPLICIT_HASH_KEY_HEADER;

  private final KafkaProducer<byte[], byte[]> producer;

  /** Where Kafka put a record: its offset and the broker's log-append time. */
  public record Appended(long offset, long timestampMillis) {}

  /**
   * Told once whether a record was appended, on the producer's I/O thread: exactly one of the
   * arguments is non-null. A plain callback rather than a future per record, because that thread
   * bounds a put's throughput.
   */
  @FunctionalInterface
  public interface Listener {
    void completed(Appended appended, KinesisException error);
  }

  /** Appends a record and tells {@code listener} the outcome. */
  public void append(
      String topic,
      int partition,
      byte[] key,
      byte[] value,
      byte[] explicitHashKey,
      Listener listener) {
    RecordHeaders headers = new RecordHeaders();
    if (explicitHashKey != null) {
      headers.add(EXPLICIT_HASH_KEY_HEADER, explicitHashKey);
    }
    try {
      producer.send(
          new ProducerRecord<>(topic, partition, null, key, value, headers),
          (metadata, error) -> {
            if (error != null) {
              listener.completed(
                  null, KafkaErrors.translate("put to " + topic + "/" + partition, error));
            } else {
              listener.completed(new Appended(metadata.offset(), metadata.timestamp()), null);
            }
          });
    } catch (RuntimeException e) {
      listener.completed(null, KafkaErrors.translate("put to " + topic + "/" + partition, e));
    }
  }

  public RecordLog(KafkaSettings kafka, int maxRecordBytes) {
    this.producer = new KafkaProducer<>(kafka.producer("records", maxRecordBytes));
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
