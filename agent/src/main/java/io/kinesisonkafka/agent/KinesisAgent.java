package io.kinesisonkafka.agent;

import io.kinesisonkafka.agent.internals.AgentRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The Kinesis Agent on Kafka: tails the files of each flow and writes their records to Kafka,
 * {@code kinesisStream} flows through producer-lib and {@code deliveryStream} flows into the
 * Firehose bridge's DirectPut topics, checkpointing the source offsets Kafka acknowledged.
 *
 * <p>Threads: one tailer per flow, one checkpoint writer, one status reporter, plus the producers'
 * own. {@link #close()} stops reading, waits for records in flight (up to {@code
 * shutdownTimeoutMillis}) and writes the checkpoints a last time.
 */
public final class KinesisAgent implements AutoCloseable {
  private final AgentRuntime runtime;

  private KinesisAgent(AgentRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Starts the agent.
   *
   * @param config the configuration
   * @param registry where the agent's metrics go (AWS agent names, tag {@code flow})
   * @param onFailure told, once, when a part of the agent stopped and it cannot go on
   * @return the running agent
   * @throws IOException if the checkpoint file cannot be read
   */
  public static KinesisAgent start(
      AgentConfig config, MeterRegistry registry, Consumer<String> onFailure) throws IOException {
    AgentRuntime runtime = new AgentRuntime(config, registry, Clock.systemUTC(), onFailure);
    runtime.start();
    return new KinesisAgent(runtime);
  }

  /**
   * Why the agent stopped working, or null while it works.
   *
   * @return a message, or null
   */
  public String failure() {
    return runtime.failure();
  }

  /** Logs the status line now. */
  public void logStatus() {
    runtime.logStatus();
  }

  /**
   * The registry given to {@link #start}.
   *
   * @return the meter registry
   */
  public MeterRegistry metrics() {
    return runtime.registry();
  }

  @Override
  public void close() {
    runtime.close();
  }
}
