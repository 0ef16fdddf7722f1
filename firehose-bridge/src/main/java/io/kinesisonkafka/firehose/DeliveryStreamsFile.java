package io.kinesisonkafka.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.firehose.internals.config.ConfigJson;
import io.kinesisonkafka.firehose.internals.config.Members;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivery streams from a JSON file, for a bridge run as a library or a daemon: {@code
 * {"DeliveryStreams": [<CreateDeliveryStream request>, ...]}}, each entry exactly what the Firehose
 * API's CreateDeliveryStream takes (so {@code aws firehose create-delivery-stream --cli-input-json}
 * files work), plus the bridge's extensions documented in the README.
 */
public final class DeliveryStreamsFile {
  private DeliveryStreamsFile() {}

  /**
   * @throws IllegalArgumentException naming every bad delivery stream and what is wrong with it
   * @throws UncheckedIOException when the file cannot be read
   */
  public static List<DeliveryStreamConfig> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read delivery streams from " + file, e);
    }
    JsonNode list = root == null ? null : root.get("DeliveryStreams");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(file + ": expected {\"DeliveryStreams\": [...]}");
    }
    List<DeliveryStreamConfig> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int i = 0;
    for (JsonNode n : list) {
      try {
        out.add(ConfigJson.read(Members.of(n)));
      } catch (IllegalArgumentException e) {
        problems.add("DeliveryStreams[" + i + "]: " + e.getMessage());
      }
      i++;
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(file + ": " + String.join("; ", problems));
    }
    return out;
  }
}
