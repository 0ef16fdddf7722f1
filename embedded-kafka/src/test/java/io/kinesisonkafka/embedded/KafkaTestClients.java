package io.kinesisonkafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Clients configured the way the tests need them, and topic creation that waits for leaders. */
final class KafkaTestClients {

  private KafkaTestClients() {}

  static Admin admin(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    return Admin.create(props);
  }

  /** An idempotent producer with {@code acks=all}. */
  static KafkaProducer<String, byte[]> producer(String bootstrap, Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    props.putAll(extra);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  static KafkaConsumer<String, byte[]> consumer(String bootstrap, Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putAll(extra);
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Creates a topic and waits until every partition leader answers {@code listOffsets}; producing
   * earlier can stall an idempotent producer (KAFKA-15591).
   */
  static void createTopic(Admin admin, NewTopic topic) throws Exception {
    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < topic.numPartitions(); p++) {
      latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
    }
    Awaitility.await("leaders of " + topic.name())
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
              return true;
            });
  }

  /** Reads all partitions of {@code topic} from the beginning until {@code count} records came. */
  static List<ConsumerRecord<String, byte[]>> readFromBeginning(
      KafkaConsumer<String, byte[]> consumer, String topic, int partitions, int count) {
    List<TopicPartition> assignment = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      assignment.add(new TopicPartition(topic, p));
    }
    consumer.assign(assignment);
    consumer.seekToBeginning(assignment);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    Instant deadline = Instant.now().plusSeconds(60);
    while (records.size() < count && Instant.now().isBefore(deadline)) {
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    assertThat(records).as("records read from %s", topic).hasSize(count);
    return records;
  }
}
