package io.kinesisonkafka.firehose.internals.kafka;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Appends PutRecord's records to a DirectPut delivery stream's topic. A future completes, on the
 * producer's I/O thread, once the record is acknowledged by all in-sync replicas: the record is
 * then durable, and delivery will find it.
 */
public final class DirectPutWriter implements AutoCloseable {
  private final KafkaClients clients;
  private final KafkaProducer<byte[], byte[]> producer;

  public DirectPutWriter(KafkaClients clients) {
    this.clients = clients;
    this.producer = new KafkaProducer<>(clients.producer("firehose-direct-put"));
  }

  /** Creates the topic of a DirectPut delivery stream unless it exists. */
  public void createTopic(String topic, int partitions) {
    clients.createTopic(topic, partitions, KafkaClients.directPutTopicConfigs());
  }

  public void deleteTopic(String topic) {
    clients.deleteTopic(topic);
  }

  /** Appends one record; completes with its Firehose record id. */
  public CompletableFuture<String> append(String topic, byte[] data) {
    CompletableFuture<String> result = new CompletableFuture<>();
    try {
      producer.send(
          new ProducerRecord<>(topic, null, data),
          (metadata, error) -> {
            if (error != null) {
              result.completeExceptionally(error);
            } else {
              result.complete(recordId(metadata.partition(), metadata.offset()));
            }
          });
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  /** A record id as long and opaque as Firehose's, naming the record's partition and offset. */
  static String recordId(int partition, long offset) {
    return String.format(Locale.ROOT, "%08x%024x", partition, offset);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
