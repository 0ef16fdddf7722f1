package io.kinesisonkafka.lambda.internals;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.consumer.KinesisClientRecord;
import io.kinesisonkafka.lambda.EventSourceMapping;
import io.kinesisonkafka.lambda.RunnerConfig;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every shard of one running mapping shares: the mapping, the handler supplier, the invocation
 * threads, filters, the on-failure sink, metrics, the checkpoint driver, and the runner's own
 * health (a lane or driver thread that died reports here).
 */
public final class MappingRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MappingRuntime.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  final EventSourceMapping mapping;
  final RunnerConfig config;
  final Supplier<? extends RequestHandler<?, ?>> handlers;
  final MappingMetrics metrics;
  final FailureSink sink;
  final List<FilterPattern> filters;
  final ExecutorService invocations;
  final CheckpointDriver checkpoints;
  final Watchdog watchdog;
  private final AtomicInteger laneThreads = new AtomicInteger();
  private final AtomicReference<String> failure = new AtomicReference<>();

  /** Starts the invocation pool, the checkpoint driver and the timeout watchdog. */
  public MappingRuntime(
      EventSourceMapping mapping,
      RunnerConfig config,
      Supplier<? extends RequestHandler<?, ?>> handlers,
      FailureSink sink) {
    this.mapping = mapping;
    this.config = config;
    this.handlers = handlers;
    this.sink = sink;
    this.metrics =
        new MappingMetrics(config.meterRegistry(), mapping.functionName(), mapping.streamName());
    this.filters = mapping.filterPatterns().stream().map(FilterPattern::compile).toList();
    AtomicInteger n = new AtomicInteger();
    ThreadFactory invokeThreads =
        r -> {
          Thread t =
              new Thread(r, "lambda-" + mapping.functionName() + "-invoke-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.invocations = Executors.newCachedThreadPool(invokeThreads);
    this.checkpoints = new CheckpointDriver(this);
    this.watchdog = new Watchdog(this, config.functionTimeout().toNanos());
    checkpoints.start();
    watchdog.start();
  }

  /** A new processor for one shard lease. */
  public ShardProcessor newProcessor() {
    return new ShardProcessor(this);
  }

  Thread laneThread(Runnable r, String shardId, int lane) {
    Thread t =
        new Thread(
            r,
            "lambda-"
                + mapping.functionName()
                + "-"
                + shardId
                + "-lane-"
                + lane
                + "-"
                + laneThreads.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  /** Whether a record passes the mapping's filters (all pass when there are none). */
  boolean passes(KinesisClientRecord record) {
    if (filters.isEmpty()) {
      return true;
    }
    JsonNode data;
    try {
      data = JSON.readTree(record.dataBytes());
    } catch (IOException e) {
      data = null;
    }
    for (FilterPattern f : filters) {
      if (f.matches(data)) {
        return true;
      }
    }
    return false;
  }

  /** A part of the runner that cannot go on: the runner's health turns FAILED. */
  void fail(String what, Throwable cause) {
    LOG.error("Lambda runner of {}: {}", mapping.functionName(), what, cause);
    failure.compareAndSet(null, what + ": " + cause);
  }

  /** Serving, or failed with the first fatal problem. */
  public Health health() {
    String f = failure.get();
    return f == null ? Health.serving() : Health.failed(f);
  }

  @Override
  public void close() {
    checkpoints.close();
    watchdog.close();
    invocations.shutdownNow();
    sink.close();
  }
}
