package io.kinesisonkafka.adapter.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.model.ListStreamsRequest;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import io.kinesisonkafka.embedded.SharedKafka;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The warm-up through Kafka at start: its records go through HTTP, the engine and Kafka and come
 * back, and it leaves nothing behind: no stream, no topic, no per-stream meters.
 */
class KafkaPathWarmupIT {
  @Test
  void putsAndReadsBackThroughKafkaThenLeavesNothingBehind() throws Exception {
    long begin = System.nanoTime();
    try (KinesisServer server =
        TestServers.start("warmup", Map.of(Setting.STARTUP_WARMUP_KAFKA_RECORDS, "6000"))) {
      double startSeconds = (System.nanoTime() - begin) / 1e9;
      KafkaPathWarmup.Result r = server.warmedUp();
      assertThat(r).as("the warm-up's result").isNotNull();
      assertThat(r.put()).isEqualTo(6000);
      assertThat(r.read()).isEqualTo(r.put());
      assertThat(r.stream()).startsWith(KafkaPathWarmup.STREAM_PREFIX);
      System.out.printf(
          "warm-up: %d records put and %d read back in %d ms; the server started in %.1f s%n",
          r.put(), r.read(), r.millis(), startSeconds);

      assertThat(server.meters().scrape()).doesNotContain(KafkaPathWarmup.STREAM_PREFIX);
      // Deleted: gone from the catalog and from Kafka once the deletion ran.
      Properties admin = new Properties();
      admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
      try (Admin kafka = Admin.create(admin)) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    server.engine().listStreams(ListStreamsRequest.all()).streamNames().stream()
                            .noneMatch(n -> n.startsWith(KafkaPathWarmup.STREAM_PREFIX))
                        && noTopicNamed(kafka.listTopics().names().get(), r.stream()));
      }
    }
  }

  @Test
  void zeroTurnsItOff() {
    try (KinesisServer server =
        TestServers.start("warmup-off", Map.of(Setting.STARTUP_WARMUP_KAFKA_RECORDS, "0"))) {
      assertThat(server.warmedUp()).isNull();
    }
  }

  @Test
  void perShardLimitsTurnItOff() {
    try (KinesisServer server =
        TestServers.start(
            "warmup-limits",
            Map.of(Setting.STARTUP_WARMUP_KAFKA_RECORDS, "6000", Setting.LIMITS_ENABLED, "true"))) {
      assertThat(server.warmedUp()).isNull();
    }
  }

  private static boolean noTopicNamed(Set<String> topics, String stream) {
    return topics.stream().noneMatch(t -> t.contains(stream));
  }
}
