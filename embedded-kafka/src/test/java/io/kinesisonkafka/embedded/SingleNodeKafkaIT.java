package io.kinesisonkafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SingleNodeKafkaIT {

  private static final int TEN_MIB = 10 * 1024 * 1024;

  private static String bootstrap;
  private static Admin admin;

  @BeforeAll
  static void startSharedKafka() {
    bootstrap = SharedKafka.bootstrapServers();
    admin = KafkaTestClients.admin(bootstrap);
  }

  @AfterAll
  static void closeAdmin() {
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void everyCallerOfSharedKafkaGetsTheSameClusterEvenConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<String>> callers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        callers.add(SharedKafka::bootstrapServers);
      }
      for (Future<String> answer : pool.invokeAll(callers, 30, TimeUnit.SECONDS)) {
        assertThat(answer.get()).isEqualTo(bootstrap);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anIdempotentProducerWithAcksAllDeliversAThousandRecordsThatAConsumerGroupReadsBack()
      throws Exception {
    String topic = "thousand-records";
    KafkaTestClients.createTopic(admin, new NewTopic(topic, 4, (short) 1));

    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(bootstrap, Map.of())) {
      for (int i = 0; i < 1000; i++) {
        byte[] value = ("value-" + i).getBytes(StandardCharsets.UTF_8);
        acks.add(producer.send(new ProducerRecord<>(topic, "key-" + i, value)));
      }
      producer.flush();
    }
    for (Future<RecordMetadata> ack : acks) {
      assertThat(ack.get(10, TimeUnit.SECONDS).hasOffset()).isTrue();
    }

    Map<String, Object> group = new HashMap<>();
    group.put(ConsumerConfig.GROUP_ID_CONFIG, "thousand-records-reader");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = KafkaTestClients.consumer(bootstrap, group)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (records.size() < 1000 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      consumer.commitSync();
    }

    assertThat(records).hasSize(1000);
    assertThat(records)
        .extracting(r -> r.key() + "=" + new String(r.value(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 1000).mapToObj(i -> "key-" + i + "=value-" + i).toList());
    records.stream()
        .collect(Collectors.groupingBy(ConsumerRecord::partition))
        .values()
        .forEach(
            partition ->
                assertThat(partition)
                    .extracting(ConsumerRecord::offset)
                    .isSortedAccordingTo(Comparator.naturalOrder()));
  }

  @Test
  void aRecordOfTenMebibytesRoundTripsThroughATopicThatAllowsIt() throws Exception {
    String topic = "ten-mebibytes";
    KafkaTestClients.createTopic(
        admin,
        new NewTopic(topic, 1, (short) 1)
            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "11534336")));
    byte[] value = new byte[TEN_MIB];
    new Random(42).nextBytes(value);

    try (KafkaProducer<String, byte[]> producer =
        KafkaTestClients.producer(
            bootstrap, Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 11_534_336))) {
      RecordMetadata ack =
          producer.send(new ProducerRecord<>(topic, "big", value)).get(30, TimeUnit.SECONDS);
      assertThat(ack.serializedValueSize()).isEqualTo(TEN_MIB);
    }

    Map<String, Object> bigFetch =
        Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 11_534_336);
    try (KafkaConsumer<String, byte[]> consumer = KafkaTestClients.consumer(bootstrap, bigFetch)) {
      ConsumerRecord<String, byte[]> read =
          KafkaTestClients.readFromBeginning(consumer, topic, 1, 1).get(0);
      assertThat(read.key()).isEqualTo("big");
      assertThat(read.value()).hasSize(TEN_MIB);
      assertThat(sha256(read.value())).isEqualTo(sha256(value));
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
