package io.kinesisonkafka.agent.internals.kafka;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.agent.AgentConfig.KafkaSettings;
import io.kinesisonkafka.agent.FlowConfig;
import io.kinesisonkafka.agent.internals.RecordSink;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A {@code deliveryStream} flow's records, appended to the Firehose bridge's DirectPut topic of
 * that delivery stream ({@code <firehoseTopicPrefix><name>}) exactly as the bridge's PutRecord
 * stores them: no key, the record's bytes as the value, acks=all and idempotence (the engine's
 * enforced producer settings). The bridge creates the topic with the delivery stream; until it
 * exists, the flow waits rather than let the broker auto-create a topic of the wrong shape.
 */
public final class DeliveryStreamSink implements RecordSink {
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Map<String, Object> adminProperties;
  private volatile boolean exists;

  public DeliveryStreamSink(KafkaSettings kafka, FlowConfig flow) {
    this.topic = kafka.firehoseTopicPrefix() + flow.destination().name();
    CatalogSettings settings =
        CatalogSettings.custom()
            .kafkaProperties(kafka.properties())
            .bootstrapServers(kafka.bootstrapServers())
            .build();
    Map<String, Object> p =
        settings.producerProperties(
            Map.of(
                ProducerConfig.LINGER_MS_CONFIG,
                Math.min(flow.maxBufferAge().toMillis(), 100L),
                ProducerConfig.BATCH_SIZE_CONFIG,
                Math.max(16_384, Math.min(flow.maxBufferSizeBytes(), 1 << 20)),
                ProducerConfig.BUFFER_MEMORY_CONFIG,
                kafka.maxOutstandingBytes()),
            Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                8 * 1024 * 1024,
                // send() blocks while the buffer is full: that is the back-pressure on reading
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                120_000,
                CommonClientConfigs.CLIENT_ID_CONFIG,
                "kinesis-agent-" + flow.destination().name()));
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.adminProperties = settings.adminProperties(Map.of());
  }

  @Override
  public void send(String partitionKey, byte[] data, Listener listener) {
    try {
      producer.send(
          new ProducerRecord<>(topic, null, data), (metadata, error) -> listener.done(error));
    } catch (RuntimeException e) {
      listener.done(e);
    }
  }

  @Override
  public String unavailable() {
    if (exists) {
      return null;
    }
    try (Admin admin = Admin.create(adminProperties)) {
      exists = admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(Set.of(topic));
      return exists
          ? null
          : "delivery stream's topic " + topic + " does not exist (create the delivery stream)";
    } catch (Exception e) {
      return "cannot list topics to find " + topic + ": " + e;
    }
  }

  @Override
  public void close(Duration timeout) {
    producer.close(timeout);
  }
}
