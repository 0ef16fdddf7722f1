package io.kinesisonkafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import io.kinesisonkafka.embedded.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A scheduler on the 3-node cluster while the broker that coordinates its consumer group (its
 * leases and checkpoints) is killed with SIGKILL and started again, with records written all along:
 * every record processed, each key in order, the checkpoints caught up to the end afterwards, and
 * the scheduler never stops.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrokerFailureIT {
  private static final int KEYS = 24;

  @Test
  void aKilledGroupCoordinatorCostsNoRecordAndNoOrder() throws Exception {
    EmbeddedKafkaCluster cluster = SharedKafka.threeNodes();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger rounds = new AtomicInteger();
    AtomicInteger retriedRounds = new AtomicInteger();
    AtomicReference<Throwable> writerDied = new AtomicReference<>();
    Processed processed = new Processed();
    int victim = -1;
    try (TestStreams streams = new TestStreams(cluster.bootstrapServers());
        Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      StreamRef stream = streams.create("coordinated", 3);
      String topic = streams.engineConfig.topicPrefix() + "coordinated";
      SchedulerConfig config = streams.scheduler("coordinated", "coordinated").build();
      Thread writer =
          new Thread(
              () -> {
                try {
                  write(streams, stream, stop, rounds, retriedRounds);
                } catch (Throwable e) {
                  writerDied.set(e);
                }
              },
              "test-writer");
      long killed;
      long failover;
      try (Scheduler scheduler = Scheduler.start(config, processed.factory("a"))) {
        writer.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> processed.count() > 300);
        victim = coordinator(admin, config.applicationName());
        int processedBefore = processed.count();
        killed = System.nanoTime();
        try {
          cluster.killNode(victim);
          int dead = victim;
          Awaitility.await()
              .atMost(Duration.ofSeconds(45))
              .pollInterval(Duration.ofMillis(200))
              .ignoreExceptions()
              .until(
                  () ->
                      coordinator(admin, config.applicationName()) != dead
                          && leaders(admin, topic).stream().noneMatch(l -> l == dead || l == -1));
          failover = System.nanoTime() - killed;
        } finally {
          cluster.startNode(victim);
        }
        long restarted = System.nanoTime() - killed;
        int roundsAtRestart = rounds.get();
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> rounds.get() >= roundsAtRestart + 20);
        stop.set(true);
        writer.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(writer.isAlive()).as("the writer is stuck").isFalse();
        assertThat(writerDied.get()).isNull();
        int total = KEYS * rounds.get();
        long waitFrom = System.nanoTime();
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    processed.seen.stream().map(s -> s.key() + "=" + s.value()).distinct().count()
                        == total);
        long caughtUp = System.nanoTime() - waitFrom;
        Map<TopicPartition, Long> ends = endOffsets(admin, topic);
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> committed(admin, config.applicationName()).equals(ends));
        assertThat(scheduler.isStopped()).as("the scheduler stopped").isFalse();
        int duplicates = KeyOrder.assertCompleteAndOrdered(processed.byKey(), KEYS, rounds.get());
        long inStream = ends.values().stream().mapToLong(Long::longValue).sum();
        List<String> trouble =
            processed.events.stream()
                .filter(e -> e.contains("failed") || e.contains("leaseLost"))
                .toList();
        System.out.printf(
            "[BrokerFailureIT] node %d (group coordinator) killed after %d records processed;"
                + " coordinator and leaders moved after %d ms, node started again after %d ms;"
                + " records acknowledged %d (%d in the stream, rounds put again after a failure"
                + " %d), processed %d, duplicates %d, all processed %d ms after the writer stopped,"
                + " checkpoints at the end of every shard; checkpoint failures and lost leases:"
                + " %s%n",
            victim,
            processedBefore,
            failover / 1_000_000,
            restarted / 1_000_000,
            total,
            inStream,
            retriedRounds.get(),
            processed.count(),
            duplicates,
            caughtUp / 1_000_000,
            trouble);
      }
    } finally {
      stop.set(true);
      if (victim > 0 && !cluster.isNodeRunning(victim)) {
        cluster.startNode(victim);
      }
    }
  }

  /** Rounds of one record per key; a round with a failed record is put again whole. */
  private static void write(
      TestStreams streams,
      StreamRef stream,
      AtomicBoolean stop,
      AtomicInteger rounds,
      AtomicInteger retriedRounds)
      throws InterruptedException {
    for (int r = 0; !stop.get(); r++) {
      List<PutRecordsEntry> batch = new ArrayList<>(KEYS);
      for (int k = 0; k < KEYS; k++) {
        batch.add(
            PutRecordsEntry.of("key-" + k, Integer.toString(r).getBytes(StandardCharsets.UTF_8)));
      }
      while (true) {
        try {
          if (streams.engine.putRecords(stream, batch).failedRecordCount() == 0) {
            break;
          }
        } catch (RuntimeException e) {
          // retriable or not, the round is put again until it is acknowledged whole
        }
        retriedRounds.incrementAndGet();
        Thread.sleep(200);
      }
      rounds.set(r + 1);
      Thread.sleep(20);
    }
  }

  private static int coordinator(Admin admin, String group) throws Exception {
    return admin
        .describeConsumerGroups(List.of(group))
        .describedGroups()
        .get(group)
        .get(10, TimeUnit.SECONDS)
        .coordinator()
        .id();
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

  private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest =
        admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().stream()
            .collect(
                Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
    return admin.listOffsets(latest).all().get().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
    return admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get()
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }
}
