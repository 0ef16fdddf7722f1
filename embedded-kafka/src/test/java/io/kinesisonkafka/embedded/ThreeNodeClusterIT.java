package io.kinesisonkafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** One 3-node cluster for the class; the last test closes it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodeClusterIT {

  private static final String TOPIC = "replicated";

  private static EmbeddedKafkaCluster cluster;
  private static Set<Long> childrenBeforeStart;

  @BeforeAll
  static void startThreeNodes() {
    childrenBeforeStart =
        ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    cluster =
        EmbeddedKafkaCluster.builder()
            .nodes(3)
            // A killed node is fenced, and its partitions get new leaders, after this long.
            .brokerProperty("broker.session.timeout.ms", "5000")
            .brokerProperty("broker.heartbeat.interval.ms", "1000")
            // C1 only: starts three JVMs on two cores about twice as fast; throughput is not
            // tested.
            .jvmOption("-XX:TieredStopAtLevel=1")
            .build();
    cluster.start();
  }

  @AfterAll
  static void closeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void recordsAreStillProducedAndConsumedWhenTheLeadersNodeIsKilledAndTheNodeRejoinsOnRestart()
      throws Exception {
    try (Admin admin = KafkaTestClients.admin(cluster.bootstrapServers())) {
      assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
          .extracting(Node::id)
          .containsExactlyInAnyOrder(1, 2, 3);
      KafkaTestClients.createTopic(admin, new NewTopic(TOPIC, 1, (short) 3));
      assertThat(partition(admin).replicas()).hasSize(3);

      try (KafkaProducer<String, byte[]> producer =
          KafkaTestClients.producer(cluster.bootstrapServers(), Map.of())) {
        send(producer, 0, 50);
        int leader = partition(admin).leader().id();

        cluster.killNode(leader);
        assertThat(cluster.isNodeRunning(leader)).isFalse();
        send(producer, 50, 100);
        assertThat(partition(admin).leader().id()).isNotEqualTo(leader);

        try (KafkaConsumer<String, byte[]> consumer =
            KafkaTestClients.consumer(cluster.bootstrapServers(), Map.of())) {
          List<ConsumerRecord<String, byte[]>> records =
              KafkaTestClients.readFromBeginning(consumer, TOPIC, 1, 100);
          assertThat(records)
              .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
              .containsExactlyElementsOf(
                  IntStream.range(0, 100).mapToObj(i -> "value-" + i).toList());
        }

        cluster.startNode(leader);
        assertThat(cluster.isNodeRunning(leader)).isTrue();
        Awaitility.await("node " + leader + " back in the ISR")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(() -> partition(admin).isr().stream().anyMatch(n -> n.id() == leader));
        assertThat(partition(admin).isr()).hasSize(3);
      }
    }
  }

  @Test
  @Order(2)
  void aGracefullyStoppedLeaderHandsOverAtOnceAndRestartsWithItsData() throws Exception {
    try (Admin admin = KafkaTestClients.admin(cluster.bootstrapServers());
        KafkaProducer<String, byte[]> producer =
            KafkaTestClients.producer(cluster.bootstrapServers(), Map.of())) {
      int leader = partition(admin).leader().id();

      cluster.stopNode(leader);
      assertThat(cluster.isNodeRunning(leader)).isFalse();
      Awaitility.await("a new leader")
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> partition(admin).leader().id() != leader);
      send(producer, 100, 110);

      cluster.startNode(leader);
      Awaitility.await("node " + leader + " back in the ISR")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> partition(admin).isr().size() == 3);
    }
    try (KafkaConsumer<String, byte[]> consumer =
        KafkaTestClients.consumer(cluster.bootstrapServers(), Map.of())) {
      assertThat(KafkaTestClients.readFromBeginning(consumer, TOPIC, 1, 110))
          .extracting(ConsumerRecord::key)
          .endsWith("key-109");
    }
  }

  @Test
  @Order(3)
  void closingRemovesTheDataDirAndLeavesNoJavaChildProcess() {
    Path dataDir = cluster.dataDir();
    List<ProcessHandle> brokers = childrenStartedByThisCluster();
    assertThat(brokers).hasSize(3).allMatch(ProcessHandle::isAlive);
    assertThat(dataDir).isDirectory();

    cluster.close();

    assertThat(dataDir).doesNotExist();
    assertThat(brokers).noneMatch(ProcessHandle::isAlive);
    assertThat(childrenStartedByThisCluster()).isEmpty();
  }

  /** Child processes of this JVM that did not exist before the cluster started. */
  private static List<ProcessHandle> childrenStartedByThisCluster() {
    return ProcessHandle.current()
        .children()
        .filter(p -> !childrenBeforeStart.contains(p.pid()))
        .toList();
  }

  private static void send(KafkaProducer<String, byte[]> producer, int from, int to)
      throws Exception {
    for (int i = from; i < to; i++) {
      producer
          .send(
              new ProducerRecord<>(
                  TOPIC, "key-" + i, ("value-" + i).getBytes(StandardCharsets.UTF_8)))
          .get(60, TimeUnit.SECONDS);
    }
  }

  private static TopicPartitionInfo partition(Admin admin) throws Exception {
    TopicDescription description =
        admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
    return description.partitions().get(0);
  }
}
