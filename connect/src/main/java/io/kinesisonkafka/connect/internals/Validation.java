package io.kinesisonkafka.connect.internals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * What both connectors' {@code validate} add to the table's own per-field checks: cross-field
 * rules, and a look at the endpoint (does each named stream exist there), each problem reported on
 * the field it is about.
 */
public final class Validation {
  private Validation() {}

  /** The ConfigValue of a field. */
  public static Optional<ConfigValue> field(Config config, String name) {
    return config.configValues().stream().filter(v -> v.name().equals(name)).findFirst();
  }

  /** Whether any field has an error message. */
  public static boolean hasErrors(Config config) {
    return config.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty());
  }

  /** Adds a message to a field. */
  public static void error(Config config, String name, String message) {
    field(config, name).ifPresent(v -> v.addErrorMessage(message));
  }

  /**
   * Parses the configuration with {@code parse}; a cross-field ConfigException becomes a message on
   * the field it names. Returns the parsed config, or null when it did not parse.
   */
  public static <C extends AbstractConfig> C parse(
      Config config, Map<String, String> props, Function<Map<String, String>, C> parse) {
    try {
      return parse.apply(props);
    } catch (org.apache.kafka.common.config.ConfigException e) {
      String message = e.getMessage();
      String name =
          config.configValues().stream()
              .map(ConfigValue::name)
              .filter(n -> message != null && message.contains(n))
              .findFirst()
              .orElse(config.configValues().get(0).name());
      error(config, name, message);
      return null;
    }
  }

  /**
   * Checks that each stream exists at the endpoint (DescribeStreamSummary), reporting "stream X
   * does not exist" or that the endpoint could not be reached on {@code field}.
   */
  public static void streamsExist(
      Config config, KinesisAccess access, List<String> streams, String field) {
    try (KinesisClient kinesis = access.client()) {
      for (String stream : streams) {
        try {
          kinesis.describeStreamSummary(r -> r.streamName(stream));
        } catch (ResourceNotFoundException e) {
          error(config, field, "stream " + stream + " does not exist at the endpoint");
        }
      }
    } catch (RuntimeException e) {
      error(
          config,
          KinesisAccess.ENDPOINT,
          "could not reach Kinesis to check the streams: " + e.getMessage());
    }
  }
}
