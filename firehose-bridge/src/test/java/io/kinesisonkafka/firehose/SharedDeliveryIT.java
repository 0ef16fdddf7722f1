package io.kinesisonkafka.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisonkafka.embedded.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two bridges on one catalog share a delivery stream's partitions; one stops, one takes over. */
class SharedDeliveryIT {
  @TempDir Path root;

  private static void send(
      KafkaProducer<byte[], byte[]> producer, String topic, List<String> records) {
    for (int i = 0; i < records.size(); i++) {
      producer.send(
          new ProducerRecord<>(
              topic, i % 4, null, records.get(i).getBytes(StandardCharsets.UTF_8)));
    }
    producer.flush();
  }

  @Test
  void twoBridgesSplitTheWorkAndTheSurvivorDeliversEverythingOnce() throws Exception {
    String u = TestBridges.unique("shared");
    String topic = "source." + u;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
      admin.createTopics(Set.of(new NewTopic(topic, Optional.of(4), Optional.empty()))).all().get();
    }
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      sent.add(u + "-" + i);
    }
    SwitchableStore one = new SwitchableStore(ObjectStore.files(root));
    SwitchableStore two = new SwitchableStore(ObjectStore.files(root));
    FirehoseBridge first = TestBridges.start(u, one, b -> b);
    try (FirehoseBridge second = TestBridges.start(u, two, b -> b);
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                Map.of(
                    "bootstrap.servers", SharedKafka.bootstrapServers(),
                    "key.serializer", ByteArraySerializer.class,
                    "value.serializer", ByteArraySerializer.class))) {
      first.create(
          DeliveryStreamConfig.builder("shared")
              .source(new Source.KafkaTopic(topic))
              .destination(Destination.ObjectStorage.bucket("b").withNewlineDelimiter(true))
              .bufferingHints(1, 1)
              .build());
      await().atMost(Duration.ofSeconds(10)).until(() -> second.list().contains("shared"));
      // Until both have joined the group, one of them may deliver everything.
      int sentSoFar = 0;
      while ((one.keys.isEmpty() || two.keys.isEmpty()) && sentSoFar < 600) {
        send(producer, topic, sent.subList(sentSoFar, sentSoFar + 40));
        sentSoFar += 40;
        Thread.sleep(700);
      }
      assertThat(one.keys).isNotEmpty();
      assertThat(two.keys).isNotEmpty();
      send(producer, topic, sent.subList(sentSoFar, 600));
      await().atMost(Duration.ofSeconds(20)).until(() -> TestBridges.lines(root).size() >= 600);

      first.close();
      send(producer, topic, sent.subList(600, 1200));
      await().atMost(Duration.ofSeconds(30)).until(() -> TestBridges.lines(root).size() >= 1200);
      Thread.sleep(1500);
      assertThat(TestBridges.lines(root)).containsExactlyInAnyOrderElementsOf(sent);
    }
  }
}
