package io.kinesisonkafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.aggregation.UserRecord;
import io.kinesisonkafka.connect.testkit.ConnectCluster;
import io.kinesisonkafka.connect.testkit.Kinesis;
import io.kinesisonkafka.connect.testkit.KinesisMock;
import io.kinesisonkafka.connect.testkit.SharedConnect;
import io.kinesisonkafka.connect.testkit.SourceConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Both connectors against an independent Kinesis implementation, kinesis-mock (installed from npm
 * by the test; skipped, visibly, where node or npm are missing): a round trip from one of its
 * streams through Kafka into another keeps keys, data (KPL aggregates split) and per-key order.
 */
class KinesisMockIT {
  private static KinesisMock mock;
  private static KinesisClient kinesis;
  private static ConnectCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    mock = KinesisMock.start();
    kinesis = Kinesis.client(mock.endpoint());
    cluster = SharedConnect.exactlyOnce();
  }

  @AfterAll
  static void stop() {
    if (kinesis != null) {
      kinesis.close();
    }
    if (mock != null) {
      mock.close();
    }
  }

  @Test
  void roundTripThroughKafkaAgainstKinesisMock() {
    String from = "mock-from-" + System.nanoTime();
    String to = "mock-to-" + System.nanoTime();
    String topic = "mock-trip-" + System.nanoTime();
    kinesis.createStream(r -> r.streamName(from).shardCount(2));
    kinesis.createStream(r -> r.streamName(to).shardCount(2));
    Kinesis.awaitActive(kinesis, from, Duration.ofSeconds(60));
    Kinesis.awaitActive(kinesis, to, Duration.ofSeconds(60));
    int written = Kinesis.write(kinesis, from, 6, 0, 30, 2);
    Map<String, String> source = SourceConfigs.source(mock.endpoint(), from, topic);
    source.remove("exactly.once.support");
    source.put("kinesis.idle.interval.ms", "300");
    Map<String, String> sink = new LinkedHashMap<>(Kinesis.access(mock.endpoint()));
    sink.put("connector.class", "io.kinesisonkafka.connect.sink.KinesisSinkConnector");
    sink.put("tasks.max", "2");
    sink.put("topics", topic);
    sink.put("kinesis.stream", to);
    assertThat(cluster.rest().putConnector("mock-source", source).status()).isIn(200, 201);
    assertThat(cluster.rest().putConnector("mock-sink", sink).status()).isIn(200, 201);
    List<List<UserRecord>> last = new ArrayList<>(List.of(List.of()));
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              assertThat(cluster.rest().failure("mock-source")).isNull();
              assertThat(cluster.rest().failure("mock-sink")).isNull();
              last.set(0, Kinesis.readAll(kinesis, to));
              return last.get(0).size() >= written;
            });
    List<UserRecord> copied = last.get(0);
    System.out.printf(
        "kinesisMockRoundTrip: written %d, back in kinesis-mock %d%n", written, copied.size());
    assertThat(copied).hasSize(written);
    Map<String, List<String>> byKey = new HashMap<>();
    for (UserRecord r : copied) {
      byKey
          .computeIfAbsent(r.partitionKey(), k -> new ArrayList<>())
          .add(new String(r.data(), StandardCharsets.UTF_8));
    }
    assertThat(byKey).hasSize(6);
    byKey.forEach(
        (k, data) ->
            assertThat(data)
                .isEqualTo(
                    java.util.stream.IntStream.range(0, 30)
                        .mapToObj(n -> Kinesis.data(k, n))
                        .toList()));
    cluster.rest().delete("mock-source");
    cluster.rest().delete("mock-sink");
  }
}
