package io.kinesisonkafka.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge through a Kafka outage longer than its clients' timeouts: its own single-node broker
 * killed with SIGKILL for 15 s while a delivery stream takes records. Puts during the outage fail
 * within their bound with ServiceUnavailableException, the bridge reports waiting (not failed), and
 * once the broker is back it delivers again by itself: every acknowledged record ends up in the
 * destination.
 */
class BridgeKafkaOutageIT {
  private static final Duration OUTAGE = Duration.ofSeconds(15);

  @TempDir Path root;

  @Test
  void deliversEveryAcknowledgedRecordAfterAnOutage() throws Exception {
    try (EmbeddedKafkaCluster kafka =
        EmbeddedKafkaCluster.builder().nodes(1).startTimeout(Duration.ofMinutes(3)).build()) {
      kafka.start();
      String u = TestBridges.unique("outage");
      BridgeConfig config =
          BridgeConfig.custom(kafka.bootstrapServers())
              .catalogTopic("__firehose_catalog_" + u)
              .topicPrefix("firehose." + u + ".")
              .groupPrefix("firehose-delivery." + u + ".")
              .kinesisTopicPrefix("kinesis." + u + ".")
              .objectStore(ObjectStore.files(root))
              .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
              .pollTimeout(Duration.ofMillis(50))
              .build();
      try (FirehoseBridge bridge = FirehoseBridge.start(config)) {
        bridge.create(
            DeliveryStreamConfig.builder("logs")
                .destination(Destination.ObjectStorage.bucket("b").withNewlineDelimiter(true))
                .bufferingHints(1, 1)
                .build());
        Set<String> acked = new HashSet<>();
        Map<String, Integer> outcomes = new HashMap<>();
        put(bridge, 0, 100, acked, outcomes);
        assertThat(acked).hasSize(100);

        kafka.killNode(1);
        long killedAt = System.nanoTime();
        List<Long> failureMillis = new ArrayList<>();
        int i = 100;
        while (System.nanoTime() - killedAt < OUTAGE.toNanos()) {
          long start = System.nanoTime();
          if (!put(bridge, i++, 1, acked, outcomes)) {
            failureMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
          }
          Thread.sleep(200);
        }
        Health during = bridge.health();
        kafka.startNode(1);
        long restartedAt = System.nanoTime();
        int from = i;
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> put(bridge, from, 50, acked, outcomes));
        long acceptingAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
        put(bridge, from + 50, 100, acked, outcomes);
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> new HashSet<>(TestBridges.lines(root.resolve("b"))).containsAll(acked));
        long deliveredAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
        List<String> delivered = TestBridges.lines(root.resolve("b"));
        long duplicates = delivered.size() - new HashSet<>(delivered).size();
        System.out.printf(
            "BridgeKafkaOutageIT: outage %d s; health during it %s; puts %s; slowest failed put"
                + " %d ms; accepting again %d ms and all %d acknowledged records delivered %d ms"
                + " after the restart; %d lines delivered, %d duplicates; health after %s%n",
            OUTAGE.toSeconds(),
            during.status(),
            outcomes,
            failureMillis.stream().mapToLong(Long::longValue).max().orElse(0),
            acceptingAfterMs,
            acked.size(),
            deliveredAfterMs,
            delivered.size(),
            duplicates,
            bridge.health().status());
        assertThat(during.status()).isEqualTo(Health.Status.WAITING);
        assertThat(failureMillis).isNotEmpty().allMatch(ms -> ms < 9_000);
        assertThat(outcomes).containsOnlyKeys("ok", "ServiceUnavailableException");
        assertThat(delivered).containsAll(acked);
        await().atMost(Duration.ofSeconds(10)).until(() -> bridge.health().isServing());
      }
    }
  }

  /** Puts {@code count} records in one batch; true when every one was acknowledged. */
  private static boolean put(
      FirehoseBridge bridge,
      int from,
      int count,
      Set<String> acked,
      Map<String, Integer> outcomes) {
    List<byte[]> batch = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      batch.add(("record-" + i).getBytes(StandardCharsets.UTF_8));
    }
    boolean all = true;
    var futures = bridge.putRecordBatch("logs", batch);
    for (int i = 0; i < futures.size(); i++) {
      try {
        futures.get(i).join();
        synchronized (acked) {
          acked.add("record-" + (from + i));
        }
        outcomes.merge("ok", 1, Integer::sum);
      } catch (CompletionException e) {
        all = false;
        String code =
            e.getCause() instanceof io.kinesisonkafka.adapter.errors.KinesisException k
                ? k.code().wireName()
                : e.getCause().toString();
        outcomes.merge(code, 1, Integer::sum);
      }
    }
    return all;
  }
}
