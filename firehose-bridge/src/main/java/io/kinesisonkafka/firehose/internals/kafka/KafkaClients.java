package io.kinesisonkafka.firehose.internals.kafka;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The bridge's Kafka client settings and topic creation, in one place. The user's properties and
 * the settings nobody may override (acks=all, idempotence, no auto-commit) come from the engine's
 * {@link CatalogSettings}; the bridge's own tuning is here.
 */
public final class KafkaClients {
  static final int MAX_RECORD_BYTES = 1_024_000;

  private final CatalogSettings settings;
  private final Map<String, Object> base;
  private final int replicationFactor;

  public KafkaClients(
      String bootstrapServers, Map<String, ?> userProperties, int replicationFactor) {
    this.settings =
        CatalogSettings.custom()
            .kafkaProperties(userProperties)
            .bootstrapServers(bootstrapServers)
            .replicationFactor(replicationFactor)
            .build();
    this.base = settings.adminProperties(Map.of());
    this.replicationFactor = replicationFactor;
  }

  Map<String, Object> producer(String clientId) {
    return settings.producerProperties(
        // send() blocks while metadata is missing or the buffer is full: not past a put's bound
        Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
        Map.of(
            ProducerConfig.LINGER_MS_CONFIG,
            2,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            8 * 1024 * 1024,
            CommonClientConfigs.CLIENT_ID_CONFIG,
            clientId));
  }

  Map<String, Object> consumer(String clientId, String groupId) {
    Map<String, Object> p = new HashMap<>();
    if (groupId != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Never create a source topic by looking it up: the adapter creates a stream's topic.
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // A Kinesis stream's new shards (partitions) are found within this.
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5000);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024 * 1024);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return settings.consumerProperties(Map.of(), p);
  }

  /** Creates the topic unless it exists. */
  void createTopic(String topic, int partitions, Map<String, String> configs) {
    try (Admin admin = Admin.create(base)) {
      if (admin.listTopics().names().get().contains(topic)) {
        return;
      }
      Optional<Short> rf =
          replicationFactor < 0 ? Optional.empty() : Optional.of((short) replicationFactor);
      admin
          .createTopics(Set.of(new NewTopic(topic, Optional.of(partitions), rf).configs(configs)))
          .all()
          .get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("could not create topic " + topic, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    }
  }

  /** Deletes a topic, if it exists. */
  void deleteTopic(String topic) {
    try (Admin admin = Admin.create(base)) {
      admin.deleteTopics(Set.of(topic)).all().get();
    } catch (ExecutionException e) {
      // already gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The topic's record size limit, raised to Firehose's record limit. */
  static Map<String, String> directPutTopicConfigs() {
    return Map.of(
        "message.timestamp.type", "LogAppendTime",
        "max.message.bytes", String.valueOf(8 * 1024 * 1024),
        "retention.ms", String.valueOf(24L * 3600 * 1000));
  }
}
