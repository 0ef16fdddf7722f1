package io.kinesisonkafka.lambda.internals.kafka;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.lambda.internals.FailureSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * On-failure records to a Kafka topic on the stream's cluster (key: the shard id, value: the JSON
 * Lambda's on-failure record has), acknowledged by all in-sync replicas before the batch is
 * checkpointed. Creates the topic when it does not exist.
 */
public final class KafkaFailureSink implements FailureSink {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final CatalogSettings settings;
  private volatile boolean topicReady;

  /** A producer with the catalog's enforced settings (acks=all, idempotence). */
  public KafkaFailureSink(CatalogSettings settings, String topic) {
    this.settings = settings;
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(
            settings.producerProperties(
                Map.of(
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000),
                Map.of(
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
  }

  private void ensureTopic() throws InterruptedException, ExecutionException {
    if (topicReady) {
      return;
    }
    try (Admin admin = Admin.create(settings.adminProperties(Map.of()))) {
      try {
        admin
            .createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
            .all()
            .get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      } catch (java.util.concurrent.TimeoutException e) {
        throw new ExecutionException("creating on-failure topic " + topic + " timed out", e);
      }
    }
    topicReady = true;
  }

  @Override
  public void deliver(String shardId, byte[] json) throws Exception {
    ensureTopic();
    producer
        .send(new ProducerRecord<>(topic, shardId.getBytes(StandardCharsets.UTF_8), json))
        .get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
