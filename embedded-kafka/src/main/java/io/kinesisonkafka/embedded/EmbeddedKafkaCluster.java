package io.kinesisonkafka.embedded;

import io.kinesisonkafka.embedded.internals.BrokerNode;
import io.kinesisonkafka.embedded.internals.BrokerSettings;
import io.kinesisonkafka.embedded.internals.ClusterProbe;
import io.kinesisonkafka.embedded.internals.DataDirs;
import io.kinesisonkafka.embedded.internals.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka cluster in KRaft mode, each node a broker-and-controller in its own JVM.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(3).build()) {
 *   kafka.start();
 *   String bootstrap = kafka.bootstrapServers();
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Contract.</b> {@link #start()} forks one JVM per node ({@code java -cp} with this JVM's
 * class path), formats its storage, and returns once every node is registered and a test topic with
 * the cluster's replication factor accepts {@code listOffsets} on every partition. Nodes have ids
 * {@code 1..n}, listen on free loopback ports chosen at start, form a static controller quorum of
 * all nodes, and keep their data in one temporary directory that {@link #close()} deletes. Topics
 * are not created automatically; new and internal topics get {@code min(3, n)} replicas and {@code
 * min.insync.replicas} is 2 with 3 or more nodes, else 1; records of up to 11 MiB are accepted.
 * Broker logs go, at WARN, to files in the node directories, not to this JVM's output. A broker
 * whose parent JVM dies (even by {@code kill -9}) exits by itself.
 *
 * <p><b>Threads.</b> All methods are thread-safe; lifecycle methods are serialised on this object,
 * so a {@link #stopNode(int)} waits for a running {@link #startNode(int)}. {@link
 * #bootstrapServers()} does not block.
 *
 * <p><b>Exceptions.</b> {@link EmbeddedKafkaException} when a broker cannot be started or does not
 * become ready in time (its message carries the tail of the failed node's logs); {@link
 * IllegalStateException} when a method is called in the wrong state (before start, after close,
 * starting a running node); {@link IllegalArgumentException} for an unknown node id.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  private final int size;
  private final int heapMb;
  private final Duration startTimeout;
  private final Map<String, String> settings;
  private final List<String> jvmOptions;

  private State state = State.NEW;
  private Path dataDir;
  private String clusterId;
  private List<BrokerNode> nodes = List.of();
  private volatile String bootstrapServers;

  private EmbeddedKafkaCluster(Builder builder) {
    this.size = builder.nodes;
    this.heapMb = builder.heapMb;
    this.startTimeout = builder.startTimeout;
    Map<String, String> merged = new LinkedHashMap<>(BrokerSettings.forClusterOf(size));
    merged.putAll(builder.brokerProperties);
    this.settings = Collections.unmodifiableMap(merged);
    this.jvmOptions = List.copyOf(builder.jvmOptions);
  }

  /**
   * A builder for a single-node cluster with a 512 MiB heap per node.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts all nodes and waits until the cluster is ready for clients.
   *
   * <p>On a 2-core machine this took about 4 s for one node and 10 to 18 s for three (6 to 8 s with
   * {@code -XX:TieredStopAtLevel=1}), depending on other load. On failure, all processes are
   * stopped, the data directory is deleted, and this cluster is closed.
   *
   * @throws EmbeddedKafkaException if a node fails or the cluster is not ready within the start
   *     timeout; the message ends with the failed node's log tail
   * @throws IllegalStateException if this cluster was already started or closed
   */
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("cluster is " + state.name().toLowerCase() + ", not new");
    }
    Instant deadline = Instant.now().plus(startTimeout);
    try {
      dataDir = Files.createTempDirectory("embedded-kafka-").toAbsolutePath();
      clusterId = Uuid.randomUuid().toString();
      List<Integer> ports = FreePorts.allocate(2 * size);
      List<BrokerNode> created = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        int nodeId = i + 1;
        created.add(
            new BrokerNode(
                nodeId, dataDir.resolve("node-" + nodeId), ports.get(2 * i), ports.get(2 * i + 1)));
      }
      nodes = List.copyOf(created);
      String voters = nodes.stream().map(BrokerNode::voter).collect(Collectors.joining(","));
      for (BrokerNode node : nodes) {
        node.writeConfig(voters, settings);
      }
      for (BrokerNode node : nodes) {
        node.start(clusterId, heapMb, jvmOptions);
      }
      bootstrapServers =
          nodes.stream().map(BrokerNode::bootstrapAddress).collect(Collectors.joining(","));
      for (BrokerNode node : nodes) {
        node.awaitListening(deadline, this::failIfAnyNodeDied);
      }
      ClusterProbe.awaitReady(bootstrapServers, size, deadline, this::failIfAnyNodeDied);
      state = State.STARTED;
    } catch (IOException e) {
      shutDown();
      throw new EmbeddedKafkaException("cannot create the data directory", e);
    } catch (RuntimeException e) {
      String logs = nodes.stream().map(BrokerNode::logTail).collect(Collectors.joining());
      shutDown();
      throw new EmbeddedKafkaException(
          "embedded Kafka cluster of " + size + " nodes did not start: " + e + "\n" + logs, e);
    }
  }

  /**
   * Comma-separated {@code host:port} of every node's client listener, stopped nodes included.
   *
   * @return the value for a client's {@code bootstrap.servers}
   * @throws IllegalStateException before {@link #start()}
   */
  public String bootstrapServers() {
    String servers = bootstrapServers;
    if (servers == null) {
      throw new IllegalStateException("cluster not started");
    }
    return servers;
  }

  /**
   * Number of nodes.
   *
   * @return the node count given to the builder
   */
  public int size() {
    return size;
  }

  /**
   * Ids of the nodes.
   *
   * @return {@code 1..size()}
   */
  public List<Integer> nodeIds() {
    List<Integer> ids = new ArrayList<>(size);
    for (int i = 1; i <= size; i++) {
      ids.add(i);
    }
    return ids;
  }

  /**
   * The temporary directory holding every node's configuration, logs and data; deleted by {@link
   * #close()}.
   *
   * @return an absolute path with one {@code node-<id>} directory per node
   * @throws IllegalStateException before {@link #start()}
   */
  public synchronized Path dataDir() {
    if (dataDir == null) {
      throw new IllegalStateException("cluster not started");
    }
    return dataDir;
  }

  /**
   * Whether the broker process of a node is running (not necessarily ready).
   *
   * @param nodeId a node id, {@code 1..size()}
   * @return false before start, after close, and while the node is stopped or killed
   * @throws IllegalArgumentException for an unknown node id of a started cluster
   */
  public synchronized boolean isNodeRunning(int nodeId) {
    return state == State.STARTED && node(nodeId).isAlive();
  }

  /**
   * Stops one node gracefully: SIGTERM, which makes Kafka hand over its partition leadership
   * (controlled shutdown) before exiting. Waits for the process to exit, and kills it after 30 s.
   * Does nothing if the node is not running.
   *
   * @param nodeId a node id, {@code 1..size()}
   * @throws IllegalStateException if the cluster is not started
   * @throws IllegalArgumentException for an unknown node id
   */
  public synchronized void stopNode(int nodeId) {
    requireStarted();
    BrokerNode node = node(nodeId);
    node.terminate();
    node.awaitExitOrKill(Instant.now().plus(STOP_TIMEOUT));
  }

  /**
   * Kills one node with SIGKILL, like a machine failing: no controlled shutdown, no flush. Returns
   * once the process is gone. Does nothing if the node is not running.
   *
   * @param nodeId a node id, {@code 1..size()}
   * @throws IllegalStateException if the cluster is not started
   * @throws IllegalArgumentException for an unknown node id
   */
  public synchronized void killNode(int nodeId) {
    requireStarted();
    node(nodeId).kill();
  }

  /**
   * Restarts a stopped or killed node with its previous data directory and ports, and waits until
   * it answers requests and is registered and unfenced again. Its replicas then catch up in the
   * background.
   *
   * @param nodeId a node id, {@code 1..size()}
   * @throws IllegalStateException if the cluster is not started or the node is running
   * @throws IllegalArgumentException for an unknown node id
   * @throws EmbeddedKafkaException if the node does not rejoin within the start timeout
   */
  public synchronized void startNode(int nodeId) {
    requireStarted();
    BrokerNode node = node(nodeId);
    if (node.isAlive()) {
      throw new IllegalStateException("node " + nodeId + " is running");
    }
    Instant deadline = Instant.now().plus(startTimeout);
    try {
      node.start(clusterId, heapMb, jvmOptions);
      node.awaitListening(deadline, node::failIfDead);
      ClusterProbe.awaitRejoined(bootstrapServers, nodeId, deadline, node::failIfDead);
    } catch (RuntimeException e) {
      String logs = node.logTail();
      node.kill();
      throw new EmbeddedKafkaException("node " + nodeId + " did not rejoin: " + e + "\n" + logs, e);
    }
  }

  /**
   * Stops every node (SIGTERM to all at once, SIGKILL to those still running after 30 s), waits for
   * the processes to exit and deletes the data directory. Idempotent.
   *
   * @throws UncheckedIOException if the data directory cannot be deleted
   */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    shutDown();
  }

  private void shutDown() {
    state = State.CLOSED;
    for (BrokerNode node : nodes) {
      node.terminate();
    }
    Instant deadline = Instant.now().plus(STOP_TIMEOUT);
    for (BrokerNode node : nodes) {
      node.awaitExitOrKill(deadline);
    }
    if (dataDir != null) {
      DataDirs.deleteRecursively(dataDir);
    }
  }

  private void failIfAnyNodeDied() {
    for (BrokerNode node : nodes) {
      node.failIfDead();
    }
  }

  private void requireStarted() {
    if (state != State.STARTED) {
      throw new IllegalStateException("cluster is " + state.name().toLowerCase() + ", not started");
    }
  }

  private BrokerNode node(int nodeId) {
    if (nodeId < 1 || nodeId > nodes.size()) {
      throw new IllegalArgumentException(
          "no node " + nodeId + "; node ids are 1.." + Math.max(size, 1));
    }
    return nodes.get(nodeId - 1);
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaCluster{nodes=" + size + ", bootstrap=" + bootstrapServers + "}";
  }

  /**
   * Configures an {@link EmbeddedKafkaCluster}. Not thread-safe; {@link #build()} copies the
   * settings, so a builder may be reused.
   */
  public static final class Builder {

    private int nodes = 1;
    private int heapMb = 512;
    private Duration startTimeout = Duration.ofSeconds(90);
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();

    private Builder() {}

    /**
     * Number of nodes, each a broker and a controller voter; 1 by default, 3 for replication.
     *
     * @param nodes at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder nodes(int nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("nodes must be at least 1: " + nodes);
      }
      this.nodes = nodes;
      return this;
    }

    /**
     * Sets a broker property on every node, over the defaults (including node-specific ones such as
     * listeners, at the caller's risk).
     *
     * @param key a Kafka broker configuration name
     * @param value its value
     * @return this builder
     */
    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
      return this;
    }

    /**
     * Maximum heap of each broker JVM in MiB; 512 by default.
     *
     * @param heapMb at least 128
     * @return this builder
     * @throws IllegalArgumentException if less than 128
     */
    public Builder heapMb(int heapMb) {
      if (heapMb < 128) {
        throw new IllegalArgumentException("heapMb must be at least 128: " + heapMb);
      }
      this.heapMb = heapMb;
      return this;
    }

    /**
     * Adds an option to each broker JVM's command line, after the defaults. For example {@code
     * -XX:TieredStopAtLevel=1} roughly halves the start of three nodes on two cores, at the cost of
     * peak throughput.
     *
     * @param option one JVM option
     * @return this builder
     */
    public Builder jvmOption(String option) {
      jvmOptions.add(Objects.requireNonNull(option, "option"));
      return this;
    }

    /**
     * How long {@link EmbeddedKafkaCluster#start()} and {@link EmbeddedKafkaCluster#startNode(int)}
     * may take; 90 s by default.
     *
     * @param startTimeout a positive duration
     * @return this builder
     */
    public Builder startTimeout(Duration startTimeout) {
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
      }
      this.startTimeout = startTimeout;
      return this;
    }

    /**
     * A new cluster, not yet started.
     *
     * @return a cluster to {@link EmbeddedKafkaCluster#start() start} and close
     */
    public EmbeddedKafkaCluster build() {
      return new EmbeddedKafkaCluster(this);
    }
  }
}
