package io.kinesisonkafka.agent.internals;

import io.kinesisonkafka.agent.AgentConfig;
import io.kinesisonkafka.agent.FlowConfig;
import io.kinesisonkafka.agent.internals.Checkpoints.FileCheckpoint;
import io.kinesisonkafka.agent.internals.kafka.DeliveryStreamSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: a tailer thread per flow, a checkpoint writer, the status line. A thread that
 * meets what it cannot handle records it in {@link #failure()} and tells {@code onFailure} (the
 * daemon exits): nothing stops silently. Kafka being away is not such a thing: records fail, files
 * are read again from their acknowledged offsets after a backoff, and reading resumes by itself.
 */
public final class AgentRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentRuntime.class);

  private final AgentConfig config;
  private final MeterRegistry registry;
  private final Checkpoints checkpoints;
  private final List<Flow> flows = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final Consumer<String> onFailure;
  private final long startNanos = System.nanoTime();
  private volatile boolean running = true;

  private record Flow(FlowTailer tailer, RecordSink sink, FlowMetrics metrics) {}

  public AgentRuntime(
      AgentConfig config, MeterRegistry registry, Clock clock, Consumer<String> onFailure)
      throws IOException {
    this.config = config;
    this.registry = registry;
    this.onFailure = onFailure;
    this.checkpoints = new Checkpoints(config.checkpointFile());
    Map<String, List<FileCheckpoint>> saved = checkpoints.load();
    for (FlowConfig fc : config.flows()) {
      RecordSink sink =
          fc.destination().kind() == FlowConfig.Destination.Kind.KINESIS_STREAM
              ? new StreamSink(config.kafka(), fc, registry)
              : new DeliveryStreamSink(config.kafka(), fc);
      FlowMetrics m = new FlowMetrics(registry, fc.id());
      flows.add(
          new Flow(
              new FlowTailer(fc, sink, m, saved.get(fc.id()), clock, config.checkpointTimeToLive()),
              sink,
              m));
    }
  }

  public void start() {
    for (int i = 0; i < flows.size(); i++) {
      Flow f = flows.get(i);
      threads.add(thread("agent-tailer-" + i, () -> tail(f)));
    }
    threads.add(thread("agent-checkpoints", this::checkpointLoop));
    threads.add(thread("agent-status", this::statusLoop));
    threads.forEach(Thread::start);
    log.info("Agent: started {} flows; checkpoints in {}", flows.size(), config.checkpointFile());
  }

  private Thread thread(String name, Runnable body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable e) {
                fail(name + " stopped: " + e, e);
              }
            },
            name);
    t.setDaemon(true);
    return t;
  }

  private void tail(Flow f) {
    long sleep = f.tailer().flow().minTimeBetweenFilePolls().toMillis();
    while (running) {
      boolean progress;
      try {
        progress = f.tailer().cycle();
      } catch (RuntimeException e) {
        // A bug in one pass over the files must not end the flow: report it, back off, go on.
        f.metrics().fileErrors.increment();
        log.error("{}: unexpected error; retrying", f.tailer().flow().id(), e);
        progress = false;
        sleep(f.tailer().flow().retryMaxBackoff().toMillis());
      }
      if (!progress) {
        sleep(sleep);
      }
    }
  }

  private void checkpointLoop() {
    long period = config.checkpointInterval().toMillis();
    while (running) {
      sleep(period);
      writeCheckpoints();
    }
  }

  /** Writes every flow's acknowledged offsets; a failure is retried at the next period. */
  private void writeCheckpoints() {
    Map<String, List<FileCheckpoint>> all = new LinkedHashMap<>();
    for (Flow f : flows) {
      all.put(f.tailer().flow().id(), f.tailer().checkpoints());
    }
    try {
      checkpoints.store(all);
    } catch (IOException e) {
      log.error("Agent: cannot write checkpoints to {}: {}", config.checkpointFile(), e.toString());
    }
  }

  private void statusLoop() {
    while (running) {
      sleep(config.statusReportingPeriod().toMillis());
      if (running) {
        logStatus();
      }
    }
  }

  /** The AWS agent's periodic status line, then one line per flow. */
  public void logStatus() {
    double parsed = 0;
    double bytes = 0;
    double sent = 0;
    for (Flow f : flows) {
      parsed += f.metrics().recordsParsed.count();
      bytes += f.metrics().bytesConsumed.count();
      sent += f.metrics().recordsSent.count();
    }
    log.info(
        String.format(
            Locale.ROOT,
            "Agent: Progress: %.0f records parsed (%.0f bytes), and %.0f records sent successfully"
                + " to destinations. Uptime: %dms",
            parsed,
            bytes,
            sent,
            Duration.ofNanos(System.nanoTime() - startNanos).toMillis()));
    for (Flow f : flows) {
      FlowMetrics m = f.metrics();
      log.info(
          String.format(
              Locale.ROOT,
              "%s: Tailer Progress: Tailer has parsed %.0f records (%.0f bytes), skipped %.0f"
                  + " records, truncated %.0f, and has successfully sent %.0f records to"
                  + " destination (%.0f send errors). Tailer is %.2f MB (%d bytes) behind in %d"
                  + " of %d files.",
              f.tailer().flow().id(),
              m.recordsParsed.count(),
              m.bytesConsumed.count(),
              m.recordsSkipped.count(),
              m.recordsTruncated.count(),
              m.recordsSent.count(),
              m.sendErrors.count(),
              m.bytesBehind.get() / 1024.0 / 1024.0,
              m.bytesBehind.get(),
              m.filesBehind.get(),
              m.filesTracked.get()));
    }
  }

  private void fail(String message, Throwable e) {
    if (failure.compareAndSet(null, message)) {
      log.error("Agent: FAILED: {}", message, e);
      onFailure.accept(message);
    }
  }

  /** Null while healthy; otherwise what stopped. */
  public String failure() {
    return failure.get();
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Stops reading, waits up to shutdownTimeout for records in flight, writes checkpoints. */
  @Override
  public void close() {
    running = false;
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Flow f : flows) {
      f.sink().close(config.shutdownTimeout());
    }
    writeCheckpoints();
    for (Flow f : flows) {
      f.tailer().close();
    }
    logStatus();
    log.info("Agent: stopped");
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      if (running) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
