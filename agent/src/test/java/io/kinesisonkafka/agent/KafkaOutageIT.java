package io.kinesisonkafka.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.testkit.TestEngine;
import io.kinesisonkafka.agent.RotatingLog.Rotation;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent (a child JVM) while its only broker is killed with SIGKILL and started again 15 s
 * later, a log growing all along: the agent stays up and catches up by itself, and every line
 * arrives once and in order. A send that waited for metadata or buffer room longer than the
 * producer's max.block.ms (10 s) never reached Kafka: producer-lib tries it again, holding the
 * stream's later records behind it. (Before it held them, such a line landed after later ones: 1
 * out of order per run; before it retried such sends at all, they failed, and the agent read the
 * file again from its acknowledged offset: 199 and 6,587 duplicates in two runs.) A broker of its
 * own, as the shared one must not die.
 */
class KafkaOutageIT {

  @Test
  void afterTheBrokerIsKilledAndStartedAgainEveryLineArrives(@TempDir Path dir) throws Exception {
    try (EmbeddedKafkaCluster kafka =
        EmbeddedKafkaCluster.builder().nodes(1).startTimeout(Duration.ofMinutes(3)).build()) {
      kafka.start();
      TestEngine kit =
          TestEngine.start(kafka.bootstrapServers(), "agentoutage", UnaryOperator.identity());
      try {
        kit.createActive("outage", 2);
        Path logs = dir.resolve("logs");
        Path checkpoints = dir.resolve("state/checkpoints.json");
        Path config =
            AgentJson.write(
                dir,
                kit,
                checkpoints,
                List.of(
                    """
                    {"filePattern": "%s/app.log", "kinesisStream": "outage",
                     "initialPosition": "START_OF_FILE", "partitionKeyOption": "DETERMINISTIC",
                     "maxBufferAgeMillis": 1000}"""
                        .formatted(logs)));
        try (RotatingLog log = new RotatingLog("app", logs.resolve("app.log"), Rotation.RENAME)) {
          Process agent = KillIT.agent(config, Path.of("target/KafkaOutageIT-agent.log"));
          try {
            writeFor(log, Duration.ofSeconds(3));
            long beforeOutage = log.written();
            kafka.killNode(1);
            long killedAt = System.nanoTime();
            writeFor(log, Duration.ofSeconds(15));
            assertThat(agent.isAlive())
                .as("the agent waits out the outage; see target/KafkaOutageIT-agent.log")
                .isTrue();
            kafka.startNode(1);
            writeFor(log, Duration.ofSeconds(3));
            long total = log.written();
            try (StreamLines lines =
                new StreamLines(kafka.bootstrapServers(), kit.topic("outage"))) {
              lines.readUntil(() -> lines.distinctTotal() >= total, Duration.ofSeconds(180));
              System.out.printf(
                  "KafkaOutageIT: %d lines written (%d before the SIGKILL of the broker, 15 s"
                      + " down); in Kafka %d records, %d distinct, %d duplicates, %d out of"
                      + " order; all arrived %.1f s after the kill%n",
                  total,
                  beforeOutage,
                  lines.records,
                  lines.distinctTotal(),
                  lines.duplicates,
                  lines.outOfOrder(),
                  (System.nanoTime() - killedAt) / 1e9);
              assertThat(lines.missing("app", total, 20)).isEmpty();
              assertThat(lines.duplicates).isZero();
              assertThat(lines.outOfOrder()).isZero();
              assertThat(agent.isAlive()).isTrue();
            }
          } finally {
            agent.destroy(); // SIGTERM: an orderly stop
            agent.waitFor(30, TimeUnit.SECONDS);
          }
        }
      } finally {
        kit.close();
      }
    }
  }

  /** 100 lines every 40 ms for {@code d}. */
  private static void writeFor(RotatingLog log, Duration d) throws Exception {
    long until = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < until) {
      log.write(100);
      Thread.sleep(40);
    }
  }
}
