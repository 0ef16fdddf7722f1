package io.kinesisonkafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.aggregation.UserRecord;
import io.kinesisonkafka.connect.testkit.ConnectCluster;
import io.kinesisonkafka.connect.testkit.Kinesis;
import io.kinesisonkafka.connect.testkit.ServedKinesis;
import io.kinesisonkafka.connect.testkit.SourceConfigs;
import io.kinesisonkafka.connect.testkit.Topics;
import io.kinesisonkafka.embedded.SharedKafka;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Both connectors on a distributed Connect cluster whose workers do not enable exactly-once source
 * support (two worker JVMs of their own): a round trip Kinesis → Kafka → Kinesis, and a worker
 * killed under the source, whose duplicates (only from the kill) are counted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AtLeastOnceIT {
  @RegisterExtension
  static final ServedKinesis server = ServedKinesis.start("connect-alo", Map.of());

  private static final KinesisClient kinesis = server.client();
  private static final URI endpoint = server.endpoint();
  private static ConnectCluster cluster;

  @BeforeAll
  static void start() {
    cluster =
        ConnectCluster.start(
            "alo-" + ProcessHandle.current().pid(), SharedKafka.bootstrapServers(), 2, Map.of());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Map<String, String> source(String stream, String topic) {
    Map<String, String> c = SourceConfigs.source(endpoint, stream, topic);
    c.remove("exactly.once.support"); // this cluster's workers run without it
    c.put("topic.creation.default.partitions", "4");
    c.put("kinesis.discovery.interval.ms", "1000");
    return c;
  }

  @Test
  @Order(1)
  void aRoundTripKeepsPartitionKeysDataAndOrder() {
    String from = "trip-from-" + System.nanoTime();
    String to = "trip-to-" + System.nanoTime();
    String topic = "trip-" + System.nanoTime();
    SdkStreams.createActive(kinesis, from, 2);
    SdkStreams.createActive(kinesis, to, 3);
    int written = Kinesis.write(kinesis, from, 8, 0, 60, 2);
    assertThat(cluster.rest().putConnector("trip-source", source(from, topic)).status())
        .isIn(200, 201);
    Map<String, String> sink = new LinkedHashMap<>(Kinesis.access(endpoint));
    sink.put("connector.class", "io.kinesisonkafka.connect.sink.KinesisSinkConnector");
    sink.put("tasks.max", "2");
    sink.put("topics", topic);
    sink.put("kinesis.stream", to);
    assertThat(cluster.rest().putConnector("trip-sink", sink).status()).isIn(200, 201);
    List<List<UserRecord>> last = new ArrayList<>(List.of(List.of()));
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              assertThat(cluster.rest().failure("trip-source")).isNull();
              assertThat(cluster.rest().failure("trip-sink")).isNull();
              last.set(0, Kinesis.readAll(kinesis, to));
              return last.get(0).size() >= written;
            });
    List<UserRecord> original = Kinesis.readAll(kinesis, from);
    List<UserRecord> copied = last.get(0);
    System.out.printf(
        "roundTrip: written %d, back in Kinesis %d%n", original.size(), copied.size());
    assertThat(copied).hasSize(original.size());
    assertThat(perKey(copied)).isEqualTo(perKey(original));
    cluster.rest().delete("trip-source");
    cluster.rest().delete("trip-sink");
  }

  private static Map<String, List<String>> perKey(List<UserRecord> records) {
    Map<String, List<String>> m = new HashMap<>();
    for (UserRecord r : records) {
      m.computeIfAbsent(r.partitionKey(), k -> new ArrayList<>())
          .add(new String(r.data(), StandardCharsets.UTF_8));
    }
    return m;
  }

  @Test
  @Order(2)
  void aWorkerKilledMidStreamOnlyDuplicatesWhatItHadNotCommitted() throws Exception {
    String stream = "alo-kill-" + System.nanoTime();
    String topic = "copy-" + stream;
    SdkStreams.createActive(kinesis, stream, 4);
    int keys = 10;
    int written = Kinesis.write(kinesis, stream, keys, 0, 100, 3);
    Map<String, String> config = source(stream, topic);
    config.put("offset.flush.interval.ms", "1000");
    assertThat(cluster.rest().putConnector("alo-kill", config).status()).isIn(200, 201);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> cluster.rest().runningTasks("alo-kill") >= 2);
    Topics.read(
        SharedKafka.bootstrapServers(), topic, Duration.ofSeconds(60), r -> r.size() >= 200);
    CompletableFuture<Integer> writer =
        CompletableFuture.supplyAsync(() -> Kinesis.write(kinesis, stream, keys, 100, 300, 3));
    Thread.sleep(1000);
    long killedAt = System.nanoTime();
    cluster.workers().get(0).kill();
    written += writer.get();
    int total = written;
    List<ConsumerRecord<String, byte[]>> read =
        Topics.read(
            SharedKafka.bootstrapServers(),
            topic,
            Duration.ofSeconds(120),
            r -> SourceConnectorIT.Result.of(r).distinct() >= total);
    double recovery = (System.nanoTime() - killedAt) / 1e9;
    SourceConnectorIT.Result result = SourceConnectorIT.Result.of(read);
    System.out.printf(
        "killAtLeastOnce: written %d, read %d, duplicates %d (from the kill), all read %.1f s"
            + " after it%n",
        total, read.size(), result.duplicates, recovery);
    assertThat(result.distinct()).isEqualTo(total);
    assertThat(read.size()).isEqualTo(total + result.duplicates);
    result.assertEachKeyInOrderOnceDuplicatesDropped(keys, 300);
    cluster.rest().delete("alo-kill");
  }
}
