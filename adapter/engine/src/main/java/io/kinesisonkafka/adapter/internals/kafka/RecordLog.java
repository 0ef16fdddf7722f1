package io.kinesisonkafka.adapter.internals.kafka;

import io.kinesisonkafka.adapter.errors.KinesisException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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

  /**
   * Told once whether a record was appended, on the producer's I/O thread. One object per record
   * (the engine's record itself), and nothing allocated per acknowledgement: that thread bounds a
   * put's throughput.
   */
  public interface Listener {
    /** Kafka appended the record at {@code offset} with log-append time {@code timestampMillis}. */
    void appended(long offset, long timestampMillis);

    /** Kafka did not append the record. */
    void failed(KinesisException error);
  }

  /** Kafka's callback for one record: the listener, and where the record went for errors. */
  private record Acknowledgement(String topic, int partition, Listener listener)
      implements Callback {
    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
      if (error != null) {
        listener.failed(KafkaErrors.translate("put to " + topic + "/" + partition, error));
      } else {
        listener.appended(metadata.offset(), metadata.timestamp());
      }
    }
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
          new Acknowledgement(topic, partition, listener));
    } catch (RuntimeException e) {
      listener.failed(KafkaErrors.translate("put to " + topic + "/" + partition, e));
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
