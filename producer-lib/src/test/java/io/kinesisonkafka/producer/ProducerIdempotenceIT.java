package io.kinesisonkafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import io.kinesisonkafka.embedded.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Retries never duplicate: on a three-node cluster, partition leadership moves twice while a
 * producer writes (a preferred-leader election after the replicas are reordered, then the leader of
 * a partition killed), and every acknowledged record is in its partition exactly once.
 */
class ProducerIdempotenceIT {
  private static final int RECORDS = 4_000;

  @Test
  void everyRecordIsWrittenExactlyOnceWhileLeadershipMoves() throws Exception {
    EmbeddedKafkaCluster cluster = SharedKafka.threeNodes();
    try (TestStreams streams = new TestStreams(cluster.bootstrapServers(), 3);
        Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      streams.createActive("moving", 3);
      String topic = streams.topic("moving");
      KinesisProducerConfig config =
          streams
              .producer()
              .aggregationEnabled(false)
              .recordTtl(Duration.ofSeconds(90))
              .kafkaProperty("request.timeout.ms", 5000)
              .build();
      List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
      AtomicBoolean halfway = new AtomicBoolean();
      AtomicBoolean done = new AtomicBoolean();
      try (KinesisProducer producer = new KinesisProducer(config)) {
        Thread writer =
            new Thread(
                () -> {
                  for (int i = 0; i < RECORDS || !done.get(); i++) {
                    futures.add(
                        producer.addUserRecord(
                            "moving",
                            "key-" + (i % 97),
                            ("v-" + i).getBytes(StandardCharsets.UTF_8)));
                    if (i == RECORDS / 2) {
                      halfway.set(true);
                    }
                    if (i % 20 == 0) {
                      sleep(5);
                    }
                  }
                });
        writer.start();
        while (!halfway.get()) {
          Thread.sleep(10);
        }
        Map<Integer, Integer> before = leaders(admin, topic);
        rotatePreferredLeaders(admin, topic);
        Thread.sleep(1500);
        Map<Integer, Integer> moved = leaders(admin, topic);
        assertThat(moved).isNotEqualTo(before);
        int victim = moved.get(0);
        cluster.killNode(victim);
        // The controller notices a killed broker when its session expires (9 s by default).
        Awaitility.await()
            .atMost(Duration.ofSeconds(40))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> leaders(admin, topic).get(0) != victim);
        cluster.startNode(victim);
        Thread.sleep(1000);
        done.set(true);
        writer.join();
        producer.flushSync();
      }

      long failed = futures.stream().filter(f -> f.isCompletedExceptionally()).count();
      assertThat(failed).isZero();
      Map<String, Integer> copies = readAll(streams, topic);
      assertThat(futures.size()).isGreaterThan(RECORDS);
      assertThat(copies).hasSize(futures.size());
      assertThat(copies.values().stream().filter(c -> c > 1).count()).isZero();
    }
  }

  private static Map<Integer, Integer> leaders(Admin admin, String topic) throws Exception {
    TopicDescription d = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
    return d.partitions().stream()
        .collect(
            Collectors.toMap(
                TopicPartitionInfo::partition, p -> p.leader() == null ? -1 : p.leader().id()));
  }

  /** Moves each partition's first replica to the end, then elects the new preferred leaders. */
  private static void rotatePreferredLeaders(Admin admin, String topic) throws Exception {
    TopicDescription d = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
    Map<TopicPartition, Optional<NewPartitionReassignment>> moves = new HashMap<>();
    for (TopicPartitionInfo p : d.partitions()) {
      List<Integer> replicas = new ArrayList<>(p.replicas().stream().map(Node::id).toList());
      replicas.add(replicas.remove(0));
      moves.put(
          new TopicPartition(topic, p.partition()),
          Optional.of(new NewPartitionReassignment(replicas)));
    }
    admin.alterPartitionReassignments(moves).all().get();
    Thread.sleep(500);
    admin.electLeaders(ElectionType.PREFERRED, moves.keySet()).partitions().get();
  }

  private static Map<String, Integer> readAll(TestStreams streams, String topic) {
    Map<String, Integer> copies = new HashMap<>();
    streams.readTopic(
        topic, r -> copies.merge(new String(r.value(), StandardCharsets.UTF_8), 1, Integer::sum));
    return copies;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
