package io.kinesisonkafka.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import io.kinesisonkafka.embedded.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bridge on the 3-node cluster delivering a DirectPut stream to files while the broker that leads
 * the delivery stream's topic is killed with SIGKILL and started again, with PutRecordBatch all
 * along: every acknowledged record is delivered, duplicates counted.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrokerFailureIT {
  private static final int BATCH = 50;

  @TempDir Path root;

  @Test
  void aKilledLeaderCostsNoAcknowledgedRecord() throws Exception {
    EmbeddedKafkaCluster cluster = SharedKafka.threeNodes();
    String u = TestBridges.unique("killed");
    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicLong written = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong slowestBatchNanos = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> writerDied = new AtomicReference<>();
    int victim = -1;
    try (FirehoseBridge bridge =
            FirehoseBridge.start(
                TestBridges.config(cluster.bootstrapServers(), u, ObjectStore.files(root))
                    .build());
        Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      bridge.create(
          DeliveryStreamConfig.builder("killed")
              .destination(Destination.ObjectStorage.bucket("b").withNewlineDelimiter(true))
              .bufferingHints(1, 1)
              .build());
      String topic =
          admin.listTopics().names().get().stream()
              .filter(t -> t.startsWith("firehose." + u + "."))
              .findFirst()
              .orElseThrow();
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (long n = 0; !stop.get(); ) {
                    List<byte[]> batch = new ArrayList<>(BATCH);
                    List<String> ids = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH; i++, n++) {
                      ids.add("r-" + n);
                      batch.add(("r-" + n).getBytes(StandardCharsets.UTF_8));
                    }
                    long start = System.nanoTime();
                    List<CompletableFuture<String>> futures;
                    try {
                      futures = bridge.putRecordBatch("killed", batch);
                    } catch (RuntimeException e) {
                      failed.addAndGet(BATCH);
                      written.addAndGet(BATCH);
                      Thread.sleep(200);
                      continue;
                    }
                    for (int i = 0; i < BATCH; i++) {
                      try {
                        futures.get(i).get(120, TimeUnit.SECONDS);
                        acked.add(ids.get(i));
                      } catch (java.util.concurrent.ExecutionException e) {
                        failed.incrementAndGet();
                      }
                    }
                    written.addAndGet(BATCH);
                    slowestBatchNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    Thread.sleep(10);
                  }
                } catch (Throwable e) {
                  writerDied.set(e);
                }
              },
              "test-writer");
      writer.start();
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 1000);
      victim = leaders(admin, topic).get(0);
      long killed = System.nanoTime();
      long failover;
      try {
        cluster.killNode(victim);
        int dead = victim;
        Awaitility.await()
            .atMost(Duration.ofSeconds(45))
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(() -> leaders(admin, topic).stream().noneMatch(l -> l == dead || l == -1));
        failover = System.nanoTime() - killed;
      } finally {
        cluster.startNode(victim);
      }
      long restarted = System.nanoTime() - killed;
      int atRestart = acked.size();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> acked.size() >= atRestart + 1000);
      stop.set(true);
      writer.join(TimeUnit.SECONDS.toMillis(130));
      assertThat(writer.isAlive()).as("the writer is stuck").isFalse();
      assertThat(writerDied.get()).isNull();
      long waitFrom = System.nanoTime();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> Set.copyOf(TestBridges.lines(root)).containsAll(acked));
      List<String> delivered = TestBridges.lines(root);
      Map<String, Integer> copies = new HashMap<>();
      delivered.forEach(l -> copies.merge(l, 1, Integer::sum));
      long duplicates = copies.values().stream().mapToInt(c -> c - 1).sum();
      System.out.printf(
          "[firehose BrokerFailureIT] node %d (leader of %s) killed; leadership moved after %d"
              + " ms, node started again after %d ms; records written %d, acknowledged %d,"
              + " failed %d, delivered %d in %d objects (%d distinct), duplicates %d, slowest"
              + " batch %d ms, all delivered %d ms after the writer stopped%n",
          victim,
          topic,
          failover / 1_000_000,
          restarted / 1_000_000,
          written.get(),
          acked.size(),
          failed.get(),
          delivered.size(),
          TestBridges.files(root).size(),
          copies.size(),
          duplicates,
          slowestBatchNanos.get() / 1_000_000,
          (System.nanoTime() - waitFrom) / 1_000_000);
      assertThat(copies.keySet()).containsAll(acked);
    } finally {
      stop.set(true);
      if (victim > 0 && !cluster.isNodeRunning(victim)) {
        cluster.startNode(victim);
      }
    }
  }

  private static List<Integer> leaders(Admin admin, String topic) throws Exception {
    return admin
        .describeTopics(Set.of(topic))
        .allTopicNames()
        .get(10, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .stream()
        .map(TopicPartitionInfo::leader)
        .map(n -> n == null ? -1 : n.id())
        .toList();
  }
}
