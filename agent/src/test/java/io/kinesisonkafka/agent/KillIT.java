package io.kinesisonkafka.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.adapter.testkit.TestEngine;
import io.kinesisonkafka.agent.RotatingLog.Rotation;
import io.kinesisonkafka.agent.cli.AgentMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a child JVM, killed with SIGKILL while two logs grow; both logs are rotated while it
 * is down (one to a name under the pattern, one out of it); then it starts again. Every line must
 * arrive, in order per log within each shard (DETERMINISTIC keys: a line repeated after the restart
 * goes to the shard it went to before; with RANDOM keys it may land in another), and the only
 * repeats are the lines Kafka had beyond the checkpoint at the kill: exactly those.
 */
class KillIT {
  static TestEngine kit;

  @BeforeAll
  static void start() {
    kit = TestEngine.start("agentkill");
    kit.createActive("killed", 4);
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  @Test
  void afterSigkillAndRestartEveryLineArrivesAndOnlyWhatWasInFlightRepeats(@TempDir Path dir)
      throws Exception {
    Path logs = dir.resolve("logs");
    Path other = dir.resolve("other");
    Path checkpoints = dir.resolve("state/checkpoints.json");
    Path config =
        AgentJson.write(
            dir, kit, checkpoints, List.of(flow(logs + "/app.log*"), flow(other + "/app.log")));
    try (RotatingLog inside = new RotatingLog("inside", logs.resolve("app.log"), Rotation.RENAME);
        RotatingLog outside =
            new RotatingLog("outside", other.resolve("app.log"), Rotation.RENAME)) {
      Process first = agent(config, Path.of("target/KillIT-agent-1.log"));
      // Mid-stream: once checkpoints cover a few thousand lines, two more seconds of writing.
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (covered(checkpoints, logs, other) < 5000) {
        write(inside, outside);
        assertThat(first.isAlive()).as("the agent runs; see target/KillIT-agent-1.log").isTrue();
        assertThat(System.nanoTime()).as("checkpoints within 90 s").isLessThan(deadline);
      }
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos()) {
        write(inside, outside);
      }
      // A burst just before the kill, so that the kill finds records in flight.
      inside.write(3000);
      outside.write(3000);
      Thread.sleep(150);
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
      long killedAt = System.nanoTime();
      // Lines go on while the agent is down, and both logs rotate.
      for (int i = 0; i < 10; i++) {
        write(inside, outside);
      }
      inside.rotate();
      outside.rotate();
      Map<String, Long> acked = checkpointedLines(checkpoints, logs, other);
      try (StreamLines atKill = new StreamLines(kit.bootstrapServers(), kit.topic("killed"))) {
        atKill.readToEnd();
        long inFlight = 0;
        for (String log : List.of("inside", "outside")) {
          long upTo = acked.getOrDefault(log, 0L);
          assertThat(atKill.missing(log, upTo, 10))
              .as("lines of %s up to its checkpoint (%d) are all in Kafka", log, upTo)
              .isEmpty();
          inFlight +=
              atKill.distinct.getOrDefault(log, java.util.Set.of()).stream()
                  .filter(n -> n > upTo)
                  .count();
        }
        int metricsPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
          metricsPort = free.getLocalPort();
        }
        Process second =
            agent(config, Path.of("target/KillIT-agent-2.log"), "--metrics-port", "" + metricsPort);
        try {
          long t1 = System.nanoTime();
          while (System.nanoTime() - t1 < Duration.ofSeconds(4).toNanos()) {
            write(inside, outside);
          }
          long total = inside.written() + outside.written();
          try (StreamLines lines = new StreamLines(kit.bootstrapServers(), kit.topic("killed"))) {
            lines.readUntil(() -> lines.distinctTotal() >= total, Duration.ofSeconds(120));
            System.out.printf(
                "KillIT: %d lines written (%d + %d); at the SIGKILL Kafka had %d records, the"
                    + " checkpoint covered lines %s; %d lines were beyond it (in flight); after"
                    + " the restart %d records, %d distinct, %d duplicates, %d out of order; all"
                    + " arrived %.1f s after the kill%n",
                total,
                inside.written(),
                outside.written(),
                atKill.records,
                acked,
                inFlight,
                lines.records,
                lines.distinctTotal(),
                lines.duplicates,
                lines.outOfOrder(),
                (System.nanoTime() - killedAt) / 1e9);
            assertThat(lines.missing("inside", inside.written(), 20)).isEmpty();
            assertThat(lines.missing("outside", outside.written(), 20)).isEmpty();
            assertThat(lines.outOfOrder()).isZero();
            assertThat(lines.duplicates).isEqualTo(inFlight);
            assertThat(second.isAlive()).isTrue();
            // The daemon's Prometheus endpoint, with the AWS agent's metric names.
            String metrics = scrape(metricsPort);
            assertThat(metrics)
                .contains(
                    "TotalRecordsSent_total{flow=\"" + logs + "/app.log* -> kinesis:killed\"}",
                    "RecordSendErrors_total",
                    "BytesSent_total",
                    "FileTailer_BytesBehind");
          }
        } finally {
          second.destroy(); // SIGTERM: an orderly stop
          second.waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static void write(RotatingLog a, RotatingLog b) throws Exception {
    a.write(100);
    b.write(100);
    Thread.sleep(40);
  }

  private static long covered(Path checkpoints, Path... dirs) throws IOException {
    if (!Files.exists(checkpoints)) {
      return 0;
    }
    return checkpointedLines(checkpoints, dirs).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Per log, the number of the last line the checkpoint file says Kafka acknowledged. */
  private static Map<String, Long> checkpointedLines(Path checkpoints, Path... dirs)
      throws IOException {
    Map<String, Path> byId = new HashMap<>();
    for (Path d : dirs) {
      try (Stream<Path> s = Files.list(d)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino");
          byId.put(a.get("dev") + ":" + a.get("ino"), p);
        }
      }
    }
    Map<String, Long> out = new HashMap<>();
    JsonNode root = new ObjectMapper().readTree(checkpoints.toFile());
    for (JsonNode flow : root.path("flows")) {
      for (JsonNode f : flow.path("files")) {
        Path p = byId.get(f.path("id").asText());
        long offset = f.path("offset").asLong();
        if (p == null || offset == 0) {
          continue;
        }
        byte[] head = new byte[(int) offset];
        try (var ch = java.nio.channels.FileChannel.open(p)) {
          ch.read(java.nio.ByteBuffer.wrap(head), 0);
        }
        String[] lines = new String(head, StandardCharsets.UTF_8).split("\n");
        String[] last = lines[lines.length - 1].split(" ");
        out.merge(last[0], Long.parseLong(last[1]), Math::max);
      }
    }
    return out;
  }

  private static String scrape(int port) throws Exception {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  static Process agent(Path config, Path output, String... more) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(AgentMain.class.getName());
    command.add("--config");
    command.add(config.toString());
    command.addAll(List.of(more));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  private static String flow(String pattern) {
    return """
        {"filePattern": "%s", "kinesisStream": "killed", "initialPosition": "START_OF_FILE",
         "partitionKeyOption": "DETERMINISTIC",
         "maxBufferAgeMillis": 1000}"""
        .formatted(pattern);
  }
}
