package io.kinesisonkafka.adapter.server.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.Awaitility;

/** Partition leadership of the 3-node cluster, read and moved with Kafka's Admin client. */
final class Leaders implements AutoCloseable {
  private final Admin admin;

  Leaders(String bootstrapServers) {
    this.admin =
        Admin.create(
            Map.of("bootstrap.servers", bootstrapServers, "default.api.timeout.ms", 30_000));
  }

  /** Partition to leader id (-1 while it has none). */
  Map<Integer, Integer> of(String topic) {
    TreeMap<Integer, Integer> leaders = new TreeMap<>();
    for (TopicPartitionInfo p : describe(topic).partitions()) {
      leaders.put(p.partition(), p.leader() == null ? -1 : p.leader().id());
    }
    return leaders;
  }

  /** Partition to replica ids in preference order. */
  Map<Integer, List<Integer>> replicas(String topic) {
    TreeMap<Integer, List<Integer>> replicas = new TreeMap<>();
    for (TopicPartitionInfo p : describe(topic).partitions()) {
      replicas.put(p.partition(), p.replicas().stream().map(Node::id).toList());
    }
    return replicas;
  }

  /**
   * Rotates each partition's replica list (a reassignment with the same replicas) until its first
   * replica is not the current leader, then elects the preferred leaders, so that every partition's
   * leadership moves to another broker.
   */
  void rotate(Collection<String> topics) {
    Map<TopicPartition, Optional<NewPartitionReassignment>> moves = new HashMap<>();
    for (String topic : topics) {
      for (TopicPartitionInfo p : describe(topic).partitions()) {
        List<Integer> order = new ArrayList<>(p.replicas().stream().map(Node::id).toList());
        // The leader need not be the preferred replica (after a kill): rotate past it.
        int leader = p.leader() == null ? -1 : p.leader().id();
        do {
          order.add(order.remove(0));
        } while (order.get(0) == leader);
        moves.put(
            new TopicPartition(topic, p.partition()),
            Optional.of(new NewPartitionReassignment(order)));
      }
    }
    get(admin.alterPartitionReassignments(moves).all());
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> get(admin.listPartitionReassignments(moves.keySet()).reassignments()).isEmpty());
    // An election fails for a partition whose new preferred replica is not yet in sync: again.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              get(admin.electLeaders(ElectionType.PREFERRED, moves.keySet()).partitions());
              return moves.entrySet().stream()
                  .allMatch(
                      m ->
                          of(m.getKey().topic()).get(m.getKey().partition())
                              == m.getValue().orElseThrow().targetReplicas().get(0));
            });
  }

  /** Waits until no partition of {@code topic} is led by {@code node}. */
  void awaitNotLedBy(String topic, int node, Duration atMost) {
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> of(topic).values().stream().noneMatch(l -> l == node || l == -1));
  }

  /** Waits until every partition of {@code topic} has all its replicas in sync again. */
  void awaitFullyInSync(String topic, Duration atMost) {
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () ->
                describe(topic).partitions().stream()
                    .allMatch(p -> p.isr().size() == p.replicas().size()));
  }

  private TopicDescription describe(String topic) {
    return get(admin.describeTopics(Set.of(topic)).allTopicNames()).get(topic);
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
