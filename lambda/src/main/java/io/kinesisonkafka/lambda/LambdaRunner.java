package io.kinesisonkafka.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.consumer.InitialPosition;
import io.kinesisonkafka.consumer.Scheduler;
import io.kinesisonkafka.consumer.SchedulerConfig;
import io.kinesisonkafka.lambda.EventSourceMapping.FailureDestination;
import io.kinesisonkafka.lambda.internals.FailureSink;
import io.kinesisonkafka.lambda.internals.FileFailureSink;
import io.kinesisonkafka.lambda.internals.MappingRuntime;
import io.kinesisonkafka.lambda.internals.kafka.KafkaFailureSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs a Lambda function written against {@code aws-lambda-java-core} / {@code
 * aws-lambda-java-events} as the consumer of a Kinesis stream held in Kafka, with an event source
 * mapping's semantics: one worker of a consumer-lib application (start as many as you like with the
 * same application name; shards are spread over them and taken over when one dies).
 *
 * <pre>{@code
 * EventSourceMapping mapping = EventSourceMapping.read(Path.of("mapping.json"));
 * RunnerConfig config = RunnerConfig.custom()
 *     .scheduler(SchedulerConfig.custom().applicationName("billing-fn")
 *         .stream(mapping.streamName()).bootstrapServers("kafka:9092").build())
 *     .functionTimeout(Duration.ofSeconds(30)).build();
 * try (LambdaRunner runner = LambdaRunner.start(config, mapping, BillingHandler::new)) {
 *   ...
 * }
 * }</pre>
 *
 * <p><b>What the function sees.</b> A {@code KinesisEvent} (a {@code KinesisTimeWindowEvent} with
 * tumbling windows) built as Lambda builds it, KPL aggregates expanded into their user records
 * (each with the aggregate's sequence number, as the Lambda de-aggregation library gives them), and
 * a {@code Context} whose remaining time counts down the function timeout.
 *
 * <p><b>Threads.</b> Each shard has {@code ParallelizationFactor} lanes, each with its own thread
 * and its own handler instance (from {@code handlers}; Lambda runs concurrent batches in separate
 * execution environments), calling the handler on the lane's thread (with tumbling windows, on an
 * invocation thread the lane waits for), bounded by the timeout. A timed-out invocation's thread is
 * interrupted and left to end, its handler instance replaced, and the lane goes on in a new thread.
 *
 * <p><b>Checkpoints.</b> A record is checkpointed once it and every record before it in its shard
 * succeeded, was filtered out, or was discarded by the mapping's rules and described to the
 * on-failure destination. Delivery is at least once.
 */
public final class LambdaRunner implements AutoCloseable {
  private final Scheduler scheduler;
  private final MappingRuntime runtime;
  private final RunnerConfig config;

  private LambdaRunner(Scheduler scheduler, MappingRuntime runtime, RunnerConfig config) {
    this.scheduler = scheduler;
    this.runtime = runtime;
    this.config = config;
  }

  /**
   * Starts reading the mapping's stream and invoking the function.
   *
   * @param config the scheduler and function settings
   * @param mapping the event source mapping
   * @param handlers makes a handler instance per lane (e.g. {@code MyHandler::new}); its input type
   *     must accept a {@code KinesisEvent} ({@code KinesisTimeWindowEvent} with windows)
   * @return the running runner; close it to hand its shards over
   * @throws NullPointerException if an argument is null
   * @throws io.kinesisonkafka.adapter.errors.KinesisException if Kafka cannot be reached
   * @throws UncheckedIOException if the on-failure file cannot be opened
   */
  public static LambdaRunner start(
      RunnerConfig config,
      EventSourceMapping mapping,
      Supplier<? extends RequestHandler<?, ?>> handlers) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(handlers, "handlers");
    SchedulerConfig schedulerConfig =
        SchedulerConfig.from(config.scheduler())
            .streams(List.of(mapping.streamName()))
            .initialPosition(initialPosition(mapping))
            .build();
    FailureSink sink = sink(schedulerConfig, mapping);
    MappingRuntime runtime = new MappingRuntime(mapping, config, handlers, sink);
    try {
      Scheduler scheduler = Scheduler.start(schedulerConfig, runtime::newProcessor);
      return new LambdaRunner(scheduler, runtime, config);
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  private static InitialPosition initialPosition(EventSourceMapping mapping) {
    return switch (mapping.startingPosition()) {
      case TRIM_HORIZON -> InitialPosition.TRIM_HORIZON;
      case LATEST -> InitialPosition.LATEST;
      case AT_TIMESTAMP -> InitialPosition.atTimestamp(mapping.startingPositionTimestamp());
    };
  }

  private static FailureSink sink(SchedulerConfig config, EventSourceMapping mapping) {
    if (mapping.onFailureDestination().isEmpty()) {
      return FailureSink.NONE;
    }
    FailureDestination d = mapping.onFailureDestination().get();
    if (d.kind() == FailureDestination.Kind.FILE) {
      try {
        return new FileFailureSink(Path.of(d.target()));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot open the on-failure file " + d.target(), e);
      }
    }
    CatalogSettings settings =
        CatalogSettings.custom()
            .bootstrapServers(config.bootstrapServers())
            .kafkaProperties(config.kafkaProperties())
            .topicPrefix(config.topicPrefix())
            .catalogTopic(config.catalogTopic())
            .build();
    return new KafkaFailureSink(settings, d.target());
  }

  /**
   * How the runner is doing: the scheduler's health (Kafka reachable, worker running) and the
   * runner's own (a lane or checkpoint thread that stopped on an unexpected error makes it FAILED;
   * a daemon should then exit). Never blocks.
   *
   * @return the worst of the two
   */
  public Health health() {
    return scheduler.health().worst(runtime.health());
  }

  /**
   * Hands the shards over: lanes finish the invocation in flight, done records are checkpointed,
   * then the worker leaves the group. Waits up to {@code timeout}.
   *
   * @param timeout how long to wait for in-flight invocations and checkpoints
   */
  public void close(Duration timeout) {
    try {
      scheduler.close(timeout);
    } finally {
      runtime.close();
    }
  }

  /** {@link #close(Duration)} with the scheduler's graceful shutdown timeout. */
  @Override
  public void close() {
    close(config.scheduler().gracefulShutdownTimeout());
  }
}
