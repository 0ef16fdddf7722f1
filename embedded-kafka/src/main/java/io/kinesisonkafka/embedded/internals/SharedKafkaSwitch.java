package io.kinesisonkafka.embedded.internals;

import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads which Kafka the shared test cluster should be: an existing one, an embedded one, or a
 * Testcontainers one.
 *
 * <p>Why separate from {@code SharedKafka}: the choice is a pure function of system properties and
 * environment variables, testable without starting anything; {@code SharedKafka} then has one code
 * path per choice and nothing else.
 */
public final class SharedKafkaSwitch {

  /** System property naming an existing cluster to use instead of starting one. */
  public static final String BOOTSTRAP_PROPERTY = "kafka.bootstrap.servers";

  /** Environment variable naming an existing cluster, if the system property is not set. */
  public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";

  /** System property choosing {@code embedded} (default) or {@code testcontainers}. */
  public static final String MODE_PROPERTY = "kafka.test.mode";

  /** Environment variable choosing the mode, if the system property is not set. */
  public static final String MODE_ENV = "KAFKA_TEST_MODE";

  /** System property naming the Docker image for {@code testcontainers} mode. */
  public static final String IMAGE_PROPERTY = "kafka.test.image";

  /** Environment variable naming the Docker image, if the system property is not set. */
  public static final String IMAGE_ENV = "KAFKA_TEST_IMAGE";

  /** Image used in {@code testcontainers} mode unless one is named. */
  public static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

  /** Where the shared single-node cluster comes from. */
  public enum Mode {
    /** Forked broker JVMs from the jars on the class path. */
    EMBEDDED,
    /** A Docker container started by Testcontainers. */
    TESTCONTAINERS
  }

  /**
   * The resolved choice.
   *
   * @param existingBootstrap an existing cluster to use, if one is named; then nothing starts
   * @param mode how to start a cluster otherwise
   * @param image Docker image for {@link Mode#TESTCONTAINERS}
   */
  public record Choice(Optional<String> existingBootstrap, Mode mode, String image) {}

  private SharedKafkaSwitch() {}

  /** Resolves the choice from this JVM's system properties and environment. */
  public static Choice fromEnvironment() {
    return resolve(System::getProperty, System::getenv);
  }

  /**
   * Resolves the choice; a system property wins over its environment variable, blank counts as
   * unset.
   *
   * @param systemProperty looks up a system property, null if unset
   * @param environment looks up an environment variable, null if unset
   * @throws IllegalArgumentException for a mode other than {@code embedded} or {@code
   *     testcontainers}
   */
  public static Choice resolve(
      UnaryOperator<String> systemProperty, UnaryOperator<String> environment) {
    Optional<String> bootstrap =
        lookup(systemProperty, BOOTSTRAP_PROPERTY, environment, BOOTSTRAP_ENV);
    String modeName =
        lookup(systemProperty, MODE_PROPERTY, environment, MODE_ENV).orElse("embedded");
    Mode mode;
    switch (modeName.toLowerCase(Locale.ROOT)) {
      case "embedded":
        mode = Mode.EMBEDDED;
        break;
      case "testcontainers":
        mode = Mode.TESTCONTAINERS;
        break;
      default:
        throw new IllegalArgumentException(
            MODE_PROPERTY
                + " (or "
                + MODE_ENV
                + ") must be embedded or testcontainers, not '"
                + modeName
                + "'");
    }
    String image =
        lookup(systemProperty, IMAGE_PROPERTY, environment, IMAGE_ENV).orElse(DEFAULT_IMAGE);
    return new Choice(bootstrap, mode, image);
  }

  private static Optional<String> lookup(
      UnaryOperator<String> systemProperty,
      String property,
      UnaryOperator<String> environment,
      String env) {
    String value = systemProperty.apply(property);
    if (value == null || value.isBlank()) {
      value = environment.apply(env);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
