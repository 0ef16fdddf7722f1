package io.kinesisonkafka.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.testkit.TestEngine;
import io.kinesisonkafka.agent.RotatingLog.Rotation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation while the agent tails: 100,000 lines into three logs, rotated every 1.5 seconds, by
 * rename (the rotated name under the pattern, and out of it) and by copytruncate. Every line must
 * arrive once, in order per log within each shard.
 */
class RotationIT {
  static TestEngine kit;

  @BeforeAll
  static void start() {
    kit = TestEngine.start("agent");
    kit.createActive("logs", 4);
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  @Test
  void everyLineArrivesOnceAndInOrderThroughRenameAndCopytruncateRotations(@TempDir Path dir)
      throws Exception {
    Path logs = dir.resolve("logs");
    Path plain = dir.resolve("plain");
    Path config =
        AgentJson.write(
            dir,
            kit,
            dir.resolve("state/checkpoints.json"),
            List.of(flow(logs + "/**/app.log*"), flow(plain + "/app.log")));
    AgentConfig cfg = AgentConfig.read(config, dir.resolve("agent.d"), Map.of());
    int total = 100_000;
    long started = System.nanoTime();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (KinesisAgent agent = KinesisAgent.start(cfg, registry, f -> {});
        RotatingLog renamed =
            new RotatingLog("renamed", logs.resolve("a/app.log"), Rotation.RENAME);
        RotatingLog copied =
            new RotatingLog("copied", logs.resolve("b/c/app.log"), Rotation.COPYTRUNCATE);
        RotatingLog away = new RotatingLog("away", plain.resolve("app.log"), Rotation.RENAME)) {
      List<RotatingLog> all = List.of(renamed, copied, away);
      long nextRotation = System.nanoTime() + Duration.ofMillis(1500).toNanos();
      int written = 0;
      while (written < total) {
        for (RotatingLog log : all) {
          int n = Math.min(100, total - written);
          log.write(n);
          written += n;
        }
        if (System.nanoTime() > nextRotation) {
          for (RotatingLog log : all) {
            log.rotate();
          }
          nextRotation = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        }
        Thread.sleep(15);
      }
      double writeSeconds = (System.nanoTime() - started) / 1e9;
      try (StreamLines lines = new StreamLines(kit.bootstrapServers(), kit.topic("logs"))) {
        lines.readUntil(() -> lines.distinctTotal() >= total, Duration.ofSeconds(120));
        agent.logStatus();
        System.out.printf(
            "RotationIT: %d lines written in %.1f s with %d, %d and %d rotations (rename, copytruncate,"
                + " rename out of the pattern); %d records read back, %d distinct, %d duplicates,"
                + " %d out of order; all arrived %.1f s after the last write%n",
            total,
            writeSeconds,
            renamed.rotations(),
            copied.rotations(),
            away.rotations(),
            lines.records,
            lines.distinctTotal(),
            lines.duplicates,
            lines.outOfOrder(),
            (System.nanoTime() - started) / 1e9 - writeSeconds);
        for (RotatingLog log : all) {
          String name = log == renamed ? "renamed" : log == copied ? "copied" : "away";
          assertThat(lines.missing(name, log.written(), 20))
              .as("lines of %s missing", name)
              .isEmpty();
        }
        assertThat(renamed.rotations()).isGreaterThanOrEqualTo(3);
        assertThat(lines.duplicates).isZero();
        assertThat(lines.outOfOrder()).isZero();
        assertThat(agent.failure()).isNull();
        // The agent's metrics, by the AWS agent's names, say the same.
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () -> {
                  assertThat(sum(registry, "TotalRecordsSent")).isEqualTo(total);
                  assertThat(sum(registry, "RecordSendErrors")).isZero();
                  assertThat(
                          registry.get("FileTailer.BytesBehind").gauges().stream()
                              .mapToDouble(Gauge::value)
                              .sum())
                      .isZero();
                });
      }
    }
  }

  private static double sum(MeterRegistry registry, String name) {
    return registry.get(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static String flow(String pattern) {
    return """
        {"filePattern": "%s", "kinesisStream": "logs", "initialPosition": "START_OF_FILE",
         "maxBufferAgeMillis": 1000}"""
        .formatted(pattern);
  }
}
