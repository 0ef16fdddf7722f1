package io.kinesisonkafka.firehose;

import io.kinesisonkafka.embedded.SharedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Bridges on the shared broker, each test class with its own catalog, topics and groups. */
final class TestBridges {
  private TestBridges() {}

  static String unique(String name) {
    return name.toLowerCase(Locale.ROOT)
        + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt());
  }

  /** A config for a bridge whose names start with {@code unique}; fast retries. */
  static BridgeConfig.Builder config(String unique, ObjectStore store) {
    return config(SharedKafka.bootstrapServers(), unique, store);
  }

  /** As {@link #config(String, ObjectStore)}, on the Kafka cluster at {@code bootstrapServers}. */
  static BridgeConfig.Builder config(String bootstrapServers, String unique, ObjectStore store) {
    return BridgeConfig.custom(bootstrapServers)
        .catalogTopic("__firehose_catalog_" + unique)
        .topicPrefix("firehose." + unique + ".")
        .groupPrefix("firehose-delivery." + unique + ".")
        .kinesisTopicPrefix("kinesis." + unique + ".")
        .objectStore(store)
        .retryBackoff(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(400))
        .pollTimeout(java.time.Duration.ofMillis(50));
  }

  static FirehoseBridge start(
      String unique, ObjectStore store, UnaryOperator<BridgeConfig.Builder> more) {
    return FirehoseBridge.start(more.apply(config(unique, store)).build());
  }

  /** Every regular file under {@code dir}, sorted, skipping temporary files. */
  static List<Path> files(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (file.toString().endsWith(".gz")) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
          return in.readAllBytes();
        }
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The newline-delimited records of every object under {@code dir}. */
  static List<String> lines(Path dir) {
    List<String> out = new ArrayList<>();
    for (Path f : files(dir)) {
      String text = new String(read(f), java.nio.charset.StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (!line.isEmpty()) {
          out.add(line);
        }
      }
    }
    return out;
  }
}
