package io.kinesisonkafka.agent.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.agent.AgentConfig;
import io.kinesisonkafka.agent.FlowConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent stops its tailers by interrupting them, which closes a file channel in the middle of a
 * read: that is the agent stopping, not a file error (it logged "cannot read ...; retrying" and
 * counted an error at every such shutdown).
 */
class FlowTailerStopTest {
  @TempDir Path dir;

  @Test
  void anInterruptWhileReadingStopsTheTailerWithoutAFileError() throws Exception {
    Path log = dir.resolve("app.log");
    Files.writeString(log, "a line\n".repeat(10_000), StandardCharsets.UTF_8);
    Path json = dir.resolve("agent.json");
    Files.writeString(
        json,
        """
        {"checkpointFile": "%s", "kafka.bootstrapServers": "localhost:1",
         "flows": [{"filePattern": "%s", "kinesisStream": "s", "initialPosition": "START_OF_FILE"}]}
        """
            .formatted(dir.resolve("checkpoints"), dir.resolve("*.log")));
    FlowConfig flow = AgentConfig.read(json, dir.resolve("agent.d"), Map.of()).flows().get(0);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FlowMetrics metrics = new FlowMetrics(registry, flow.id());
    AtomicInteger sent = new AtomicInteger();
    RecordSink sink =
        (SendOnlySink)
            (partitionKey, data, listener) -> {
              sent.incrementAndGet();
              listener.done(null);
            };
    FlowTailer tailer =
        new FlowTailer(flow, sink, metrics, List.of(), Clock.systemUTC(), Duration.ofDays(1));
    boolean stillInterrupted;
    try {
      Thread.currentThread().interrupt(); // as AgentRuntime.close() does
      tailer.cycle();
    } finally {
      stillInterrupted = Thread.interrupted();
      tailer.close();
    }
    assertThat(stillInterrupted).as("the interrupt stays set for the tailer's loop").isTrue();
    assertThat(metrics.fileErrors.count()).isZero();

    // Without the interrupt the same file reads whole: the test reached the read.
    FlowTailer again =
        new FlowTailer(
            flow,
            sink,
            new FlowMetrics(registry, flow.id() + "-2"),
            List.of(),
            Clock.systemUTC(),
            Duration.ofDays(1));
    try {
      for (int i = 0; i < 20 && sent.get() < 10_000; i++) {
        again.cycle();
      }
    } finally {
      again.close();
    }
    assertThat(sent.get()).isEqualTo(10_000);
  }
}
