package io.kinesisonkafka.embedded.internals;

import io.kinesisonkafka.embedded.EmbeddedKafkaException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Starts a single Kafka broker in Docker through Testcontainers, with this project's broker
 * settings.
 *
 * <p>Why isolated in its own class: Testcontainers is an optional dependency. Only this class names
 * its types, so the JVM loads them only when {@code kafka.test.mode=testcontainers} is chosen, and
 * a missing jar becomes a {@link NoClassDefFoundError} the caller can explain.
 */
public final class TestcontainersKafka {

  private TestcontainersKafka() {}

  /**
   * Starts a container, registers a shutdown hook that stops it, waits until it is ready in the
   * same sense as an embedded cluster, and returns its bootstrap servers.
   *
   * @param image Docker image, for example {@code apache/kafka:4.1.0}
   * @throws EmbeddedKafkaException if Docker is not available or the container does not start
   */
  public static String start(String image) {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new EmbeddedKafkaException(
          "kafka.test.mode=testcontainers needs Docker, and no Docker daemon answers here;"
              + " start Docker, or use kafka.test.mode=embedded (the default)");
    }
    KafkaContainer container = new KafkaContainer(image);
    for (Map.Entry<String, String> setting : BrokerSettings.forClusterOf(1).entrySet()) {
      container.withEnv(envName(setting.getKey()), setting.getValue());
    }
    try {
      container.start();
    } catch (RuntimeException e) {
      container.close();
      throw new EmbeddedKafkaException("the Kafka container " + image + " did not start", e);
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(container::stop, "shared-kafka-container-stop"));
    String bootstrap = container.getBootstrapServers();
    ClusterProbe.awaitReady(
        bootstrap,
        1,
        Instant.now().plusSeconds(60),
        () -> {
          if (!container.isRunning()) {
            throw new EmbeddedKafkaException("the Kafka container " + image + " stopped");
          }
        });
    return bootstrap;
  }

  /**
   * The apache/kafka image's environment variable for a broker property: {@code KAFKA_} and the
   * name upper-cased, with {@code .} as {@code _}, {@code _} as {@code __} and {@code -} as {@code
   * ___}.
   */
  static String envName(String property) {
    return "KAFKA_"
        + property
            .replace("_", "__")
            .replace("-", "___")
            .replace(".", "_")
            .toUpperCase(Locale.ROOT);
  }
}
