package io.kinesisonkafka.embedded.internals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Decides, through the Admin API, when a cluster or a restarted node is usable.
 *
 * <p>Why more than {@code describeCluster}: a broker that is registered may still not lead the
 * partitions of a brand-new topic, and an idempotent producer writing to such a partition can get
 * stuck in an {@code OUT_OF_ORDER_SEQUENCE_NUMBER} retry loop (KAFKA-15591). So readiness means:
 * every node registered and unfenced, a topic with one partition per node and the cluster's
 * replication factor created, and {@code listOffsets} answered by every partition leader. The topic
 * is deleted again so that listings see only the caller's topics.
 */
public final class ClusterProbe {

  private static final long CALL_TIMEOUT_SECONDS = 10;

  private ClusterProbe() {}

  /**
   * Waits until a cluster of {@code nodes} nodes is ready for clients.
   *
   * @param bootstrap bootstrap servers of the cluster
   * @param nodes number of nodes that must be registered
   * @param deadline when to give up
   * @param stillAlive throws if a broker process died
   */
  public static void awaitReady(
      String bootstrap, int nodes, Instant deadline, Runnable stillAlive) {
    Admin admin = admin(bootstrap);
    try {
      awaitRegistered(admin, nodes, deadline, stillAlive);
      String topic = "embedded-kafka-readiness-" + UUID.randomUUID();
      int partitions = nodes;
      short replication = (short) BrokerSettings.replicationFactor(nodes);
      Await.until(
          "the readiness topic to be created",
          deadline,
          stillAlive,
          () -> {
            try {
              admin
                  .createTopics(List.of(new NewTopic(topic, partitions, replication)))
                  .all()
                  .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
              if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
              }
            }
            return Optional.of(Boolean.TRUE);
          });
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Await.until(
          "every partition leader to answer listOffsets",
          deadline,
          stillAlive,
          () -> {
            admin.listOffsets(latest).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Optional.of(Boolean.TRUE);
          });
      Await.until(
          "the readiness topic to be deleted",
          deadline,
          stillAlive,
          () -> {
            try {
              admin.deleteTopics(List.of(topic)).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
              if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
              }
            }
            return Optional.of(Boolean.TRUE);
          });
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }

  /**
   * Waits until a restarted node answers requests itself and is registered and unfenced.
   *
   * <p>{@code describeLogDirs} is sent to that node only, so it cannot be answered from another
   * broker's metadata that still lists the node's previous, killed incarnation.
   */
  public static void awaitRejoined(
      String bootstrap, int nodeId, Instant deadline, Runnable stillAlive) {
    Admin admin = admin(bootstrap);
    try {
      Await.until(
          "node " + nodeId + " to answer requests",
          deadline,
          stillAlive,
          () -> {
            admin
                .describeLogDirs(List.of(nodeId))
                .allDescriptions()
                .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Optional.of(Boolean.TRUE);
          });
      Await.until(
          "node " + nodeId + " to be registered and unfenced",
          deadline,
          stillAlive,
          () -> {
            Collection<Node> nodes =
                admin.describeCluster().nodes().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return nodes.stream().anyMatch(n -> n.id() == nodeId)
                ? Optional.of(Boolean.TRUE)
                : Optional.empty();
          });
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }

  private static void awaitRegistered(
      Admin admin, int nodes, Instant deadline, Runnable stillAlive) {
    Await.until(
        "all " + nodes + " nodes to register",
        deadline,
        stillAlive,
        () -> {
          Collection<Node> registered =
              admin.describeCluster().nodes().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
          return registered.size() >= nodes
              ? Optional.of(new ArrayList<>(registered))
              : Optional.empty();
        });
  }

  private static Admin admin(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-probe");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "100");
    props.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "500");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    return Admin.create(props);
  }
}
