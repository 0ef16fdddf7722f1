package io.kinesisonkafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.connect.testkit.ConnectCluster;
import io.kinesisonkafka.connect.testkit.Kinesis;
import io.kinesisonkafka.connect.testkit.ServedKinesis;
import io.kinesisonkafka.connect.testkit.SharedConnect;
import io.kinesisonkafka.connect.testkit.SourceConfigs;
import io.kinesisonkafka.connect.testkit.Topics;
import io.kinesisonkafka.embedded.SharedKafka;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The source task's {@code millis-behind-latest} plugin metric as a real distributed worker exposes
 * it over JMX, read while a polling connector works through an old backlog and after it caught up.
 */
class SourceLagMetricIT {
  private static final String CONNECTOR = "src-lag";
  private static final String METRIC = "millis-behind-latest";

  /** How old the backlog is when the connector starts. */
  private static final Duration AGED = Duration.ofSeconds(4);

  // Kinesis' read limit (5 GetRecords calls a second per shard) and one record per call hold
  // each shard's copy to at most 5 records a second, however fast the machine: a backlog of
  // 30 or more records per shard takes seconds to read, long enough to see the lag it reports.
  @RegisterExtension
  static final ServedKinesis server =
      ServedKinesis.start("connect-lag", Map.of(Setting.LIMITS_ENABLED, "true"));

  private static final KinesisClient kinesis = server.client();
  private static final URI endpoint = server.endpoint();
  private static ConnectCluster cluster;

  @BeforeAll
  static void start() {
    cluster = SharedConnect.exactlyOnce();
  }

  @Test
  void reportsEachShardsLagWhileReadingAnOldBacklogAndZeroOnceCaughtUp() throws Exception {
    String stream = "lag-" + System.nanoTime();
    String topic = "copy-" + stream;
    SdkStreams.createActive(kinesis, stream, 2);
    long writing = System.nanoTime();
    // Keys 1, 3 and 7 hash into the first shard, the other five into the second: 30 and 50.
    int written = Kinesis.write(kinesis, stream, 8, 10, 0);
    Thread.sleep(AGED.toMillis());
    var answer = cluster.rest().putConnector(CONNECTOR, source(stream, topic));
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
    Samples samples = new Samples();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    try {
      sampler.scheduleWithFixedDelay(samples::take, 0, 100, TimeUnit.MILLISECONDS);
      List<ConsumerRecord<String, byte[]>> read =
          Topics.read(
              SharedKafka.bootstrapServers(),
              topic,
              Duration.ofSeconds(120),
              r -> r.size() >= written || cluster.rest().failure(CONNECTOR) != null);
      assertThat(cluster.rest().failure(CONNECTOR)).isNull();
      assertThat(read).hasSize(written);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(samples.latest())
                      .hasSize(2)
                      .allSatisfy((n, v) -> assertThat(v).isZero()));
      sampler.shutdownNow();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
      assertLagged(stream, samples, Duration.ofNanos(System.nanoTime() - writing));
      cluster.rest().delete(CONNECTOR);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(metrics()).as("metrics once the connector is deleted").isEmpty());
    } finally {
      sampler.shutdownNow();
      // The cluster is shared with other test classes: never leave the connector running.
      cluster.rest().delete(CONNECTOR);
    }
  }

  /**
   * One MBean per shard, named by stream and shard, each of which showed a lag of at least {@link
   * #AGED} (every record was that old when read) and at most the time since writing began, and
   * never -1 again after its first read.
   */
  private static void assertLagged(String stream, Samples samples, Duration sinceWriting) {
    System.out.printf(
        "lag samples (ms, %d ms since writing began): %s%n",
        sinceWriting.toMillis(), samples.byName);
    List<String> shardIds =
        kinesis.listShards(r -> r.streamName(stream)).shards().stream()
            .map(s -> s.shardId())
            .toList();
    assertThat(samples.byName.keySet())
        .extracting(n -> n.getKeyProperty("stream") + "/" + n.getKeyProperty("shard"))
        .containsExactlyInAnyOrderElementsOf(
            shardIds.stream().map(id -> stream + "/" + id).toList());
    samples.byName.forEach(
        (name, values) -> {
          // Every record was at least AGED old when read, and none older than the time since
          // writing began.
          assertThat(values.stream().mapToLong(v -> v).max().orElseThrow())
              .as("largest lag of %s, samples %s", name, values)
              .isBetween(AGED.toMillis(), sinceWriting.toMillis());
          List<Long> afterFirstRead = values.subList(firstRead(values), values.size());
          assertThat(afterFirstRead)
              .as("samples of %s from the first read on", name)
              .doesNotContain(-1L);
        });
  }

  /** The index of the first sample that is not -1 (the value before the first GetRecords). */
  private static int firstRead(List<Long> values) {
    int i = 0;
    while (i < values.size() && values.get(i) == -1) {
      i++;
    }
    return i;
  }

  /** The connector's millis-behind-latest on every worker, by MBean. */
  private static Map<ObjectName, Object> metrics() throws MalformedObjectNameException {
    // Connect's JmxReporter names a task's plugin metrics by the task and the metric's own tags.
    return cluster.attributes(
        new ObjectName("kafka.connect:type=plugins,connector=" + CONNECTOR + ",*"), METRIC);
  }

  private static Map<String, String> source(String stream, String topic) {
    Map<String, String> c = SourceConfigs.source(endpoint, stream, topic);
    c.put("kinesis.getrecords.limit", "1");
    c.put("kinesis.backoff.initial.ms", "50");
    c.put("kinesis.backoff.max.ms", "500");
    return c;
  }

  /** Every metric value the workers showed, by MBean, in the order sampled. */
  private static final class Samples {
    final Map<ObjectName, List<Long>> byName = new ConcurrentHashMap<>();

    void take() {
      try {
        metrics()
            .forEach(
                (name, value) ->
                    byName
                        .computeIfAbsent(name, k -> new CopyOnWriteArrayList<>())
                        .add(((Number) value).longValue()));
      } catch (RuntimeException | MalformedObjectNameException e) {
        // A worker busy or restarting: the next sample comes 100 ms later.
        System.out.println("lag sample failed: " + e);
      }
    }

    Map<ObjectName, Long> latest() {
      Map<ObjectName, Long> m = new LinkedHashMap<>();
      byName.forEach((n, vs) -> m.put(n, vs.get(vs.size() - 1)));
      return m;
    }
  }
}
