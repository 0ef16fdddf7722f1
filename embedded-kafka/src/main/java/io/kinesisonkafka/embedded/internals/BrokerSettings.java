package io.kinesisonkafka.embedded.internals;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker settings of this project that do not depend on ports or paths.
 *
 * <p>Why one place: the embedded cluster and the Testcontainers broker must behave the same for the
 * code under test (record size limit, no auto-created topics, replication matching the node count),
 * so both take their settings from here.
 */
public final class BrokerSettings {

  /**
   * Largest record batch a broker accepts, 11 MiB: the project carries records of up to 10 MiB,
   * plus room for the batch and record overhead.
   */
  public static final int MAX_MESSAGE_BYTES = 11 * 1024 * 1024;

  private BrokerSettings() {}

  /**
   * Settings for every node of a cluster of {@code nodes} nodes.
   *
   * @param nodes number of nodes in the cluster, at least 1
   * @return an unmodifiable map in a stable order
   */
  public static Map<String, String> forClusterOf(int nodes) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1: " + nodes);
    }
    String replication = String.valueOf(replicationFactor(nodes));
    String minIsr = String.valueOf(minInSyncReplicas(nodes));
    Map<String, String> s = new LinkedHashMap<>();
    s.put("num.partitions", "4");
    s.put("default.replication.factor", replication);
    s.put("min.insync.replicas", minIsr);
    s.put("offsets.topic.replication.factor", replication);
    s.put("offsets.topic.num.partitions", "4");
    s.put("transaction.state.log.replication.factor", replication);
    s.put("transaction.state.log.min.isr", minIsr);
    s.put("transaction.state.log.num.partitions", "4");
    s.put("share.coordinator.state.topic.replication.factor", replication);
    s.put("share.coordinator.state.topic.min.isr", minIsr);
    s.put("share.coordinator.state.topic.num.partitions", "4");
    s.put("group.initial.rebalance.delay.ms", "0");
    s.put("auto.create.topics.enable", "false");
    s.put("log.segment.delete.delay.ms", "1000");
    s.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    s.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    return Collections.unmodifiableMap(s);
  }

  /** Replication factor of new and internal topics: {@code min(3, nodes)}. */
  public static int replicationFactor(int nodes) {
    return Math.min(3, nodes);
  }

  /** {@code min.insync.replicas}: 2 once topics have 3 replicas, else 1. */
  public static int minInSyncReplicas(int nodes) {
    return replicationFactor(nodes) >= 3 ? 2 : 1;
  }
}
