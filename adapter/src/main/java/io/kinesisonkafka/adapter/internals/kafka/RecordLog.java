package io.kinesisonkafka.adapter.internals.kafka;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Appends data records to stream partitions through one shared idempotent producer. Futures
 * complete on the producer's I/O thread ("kafka-producer-network-thread"): keep what follows them
 * short.
 */
public final class RecordLog implements AutoCloseable {
  /** Header that carries a record's explicit hash key, when it has one. */
  public static final String EXPLICIT_HASH_KEY_HEADER = "kinesis.explicitHashKey";

  private final KafkaProducer<byte[], byte[]> producer;

  /** Where Kafka put a record: its offset and the broker's log-append time. */
  public record Appended(long offset, long timestampMillis) {}

  public RecordLog(KafkaSettings kafka, int maxRecordBytes) {
    this.producer = new KafkaProducer<>(kafka.producer("records", maxRecordBytes));
  }

  public CompletableFuture<Appended> append(
      String topic, int partition, byte[] key, byte[] value, byte[] explicitHashKey) {
    CompletableFuture<Appended> result = new CompletableFuture<>();
    RecordHeaders headers = new RecordHeaders();
    if (explicitHashKey != null) {
      headers.add(EXPLICIT_HASH_KEY_HEADER, explicitHashKey);
    }
    try {
      producer.send(
          new ProducerRecord<>(topic, partition, null, key, value, headers),
          (metadata, error) -> {
            if (error != null) {
              result.completeExceptionally(
                  KafkaErrors.translate("put to " + topic + "/" + partition, error));
            } else {
              result.complete(new Appended(metadata.offset(), metadata.timestamp()));
            }
          });
    } catch (RuntimeException e) {
      result.completeExceptionally(KafkaErrors.translate("put to " + topic + "/" + partition, e));
    }
    return result;
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
