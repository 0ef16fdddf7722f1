package io.kinesisonkafka.embedded;

import io.kinesisonkafka.embedded.internals.SharedKafkaSwitch;
import io.kinesisonkafka.embedded.internals.TestcontainersKafka;

/**
 * One Kafka cluster per JVM, shared by every test (and the run command) that asks for it.
 *
 * <p><b>Which Kafka.</b> {@link #bootstrapServers()} returns, in this order of precedence:
 *
 * <ol>
 *   <li>the existing cluster named by the system property {@code kafka.bootstrap.servers} or the
 *       environment variable {@code KAFKA_BOOTSTRAP_SERVERS}; nothing is started;
 *   <li>with {@code kafka.test.mode} / {@code KAFKA_TEST_MODE} = {@code embedded} (the default), a
 *       single-node {@link EmbeddedKafkaCluster};
 *   <li>with {@code testcontainers}, a single broker in Docker from Testcontainers' {@code
 *       KafkaContainer} (image {@code apache/kafka:4.1.0}, or {@code kafka.test.image} / {@code
 *       KAFKA_TEST_IMAGE}), configured with the same broker settings. This needs {@code
 *       org.testcontainers:kafka} on the class path (an optional dependency of this module) and a
 *       Docker daemon.
 * </ol>
 *
 * <p>{@link #threeNodes()} is always an embedded 3-node cluster, because tests that use it stop and
 * kill nodes.
 *
 * <p><b>Lifetime.</b> Each cluster starts lazily on first use and at most once per JVM (class
 * loader); a JVM shutdown hook closes it. Callers must not close the cluster returned by {@link
 * #threeNodes()}, and should leave it with all nodes running, since other tests share it.
 *
 * <p><b>Threads.</b> Thread-safe. Concurrent first callers wait for the one start; the single-node
 * and 3-node clusters start independently of each other.
 *
 * <p><b>Exceptions.</b> {@link EmbeddedKafkaException} if the cluster cannot be started, Docker is
 * missing in {@code testcontainers} mode, or Testcontainers is not on the class path. A failed
 * start is remembered: later calls fail at once with the same cause instead of waiting again.
 * {@link IllegalArgumentException} for an unknown {@code kafka.test.mode}.
 */
public final class SharedKafka {

  private static final Object SINGLE_LOCK = new Object();
  private static final Object THREE_LOCK = new Object();

  private static String singleBootstrap;
  private static RuntimeException singleFailure;
  private static EmbeddedKafkaCluster three;
  private static RuntimeException threeFailure;

  private SharedKafka() {}

  /**
   * Bootstrap servers of the shared single-node cluster, starting it on first call.
   *
   * @return the value for a client's {@code bootstrap.servers}
   * @throws EmbeddedKafkaException if it cannot be started (now or on an earlier call)
   * @throws IllegalArgumentException for an unknown {@code kafka.test.mode}
   */
  public static String bootstrapServers() {
    synchronized (SINGLE_LOCK) {
      if (singleBootstrap != null) {
        return singleBootstrap;
      }
      if (singleFailure != null) {
        throw new EmbeddedKafkaException(
            "the shared Kafka failed to start earlier in this JVM", singleFailure);
      }
      try {
        singleBootstrap = startSingle(SharedKafkaSwitch.fromEnvironment());
        return singleBootstrap;
      } catch (RuntimeException e) {
        singleFailure = e;
        throw e;
      }
    }
  }

  /**
   * The shared embedded 3-node cluster, starting it on first call. Not to be closed by callers.
   *
   * @return the started cluster, the same object on every call
   * @throws EmbeddedKafkaException if it cannot be started (now or on an earlier call)
   */
  public static EmbeddedKafkaCluster threeNodes() {
    synchronized (THREE_LOCK) {
      if (three != null) {
        return three;
      }
      if (threeFailure != null) {
        throw new EmbeddedKafkaException(
            "the shared 3-node Kafka failed to start earlier in this JVM", threeFailure);
      }
      try {
        three = startEmbedded(3);
        return three;
      } catch (RuntimeException e) {
        threeFailure = e;
        throw e;
      }
    }
  }

  private static String startSingle(SharedKafkaSwitch.Choice choice) {
    if (choice.existingBootstrap().isPresent()) {
      return choice.existingBootstrap().get();
    }
    switch (choice.mode()) {
      case TESTCONTAINERS:
        try {
          return TestcontainersKafka.start(choice.image());
        } catch (NoClassDefFoundError e) {
          throw new EmbeddedKafkaException(
              "kafka.test.mode=testcontainers needs org.testcontainers:kafka on the class path;"
                  + " add it as a test dependency",
              e);
        }
      case EMBEDDED:
      default:
        return startEmbedded(1).bootstrapServers();
    }
  }

  private static EmbeddedKafkaCluster startEmbedded(int nodes) {
    EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(nodes).build();
    cluster.start();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(cluster::close, "shared-kafka-close-" + nodes + "-nodes"));
    return cluster;
  }
}
