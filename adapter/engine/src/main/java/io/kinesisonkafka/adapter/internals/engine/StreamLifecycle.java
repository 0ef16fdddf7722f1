package io.kinesisonkafka.adapter.internals.engine;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.kafka.KafkaSettings;
import io.kinesisonkafka.adapter.internals.kafka.TopicAdmin;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand;
import io.kinesisonkafka.adapter.internals.state.Outcome;
import io.kinesisonkafka.adapter.internals.state.ReshardAction;
import io.kinesisonkafka.adapter.internals.state.ReshardOp;
import io.kinesisonkafka.adapter.internals.state.ReshardPlanner;
import io.kinesisonkafka.adapter.internals.state.ShardState;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import io.kinesisonkafka.adapter.model.StreamStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves streams through the steps that follow an accepted command: topic created and leaders
 * answering, then ACTIVE; topic deleted, then gone; a reshard's children partitions made, the
 * freeze window waited out, the parents' end offsets fixed; UpdateShardCount's next phase. Every
 * step is idempotent and every catalog write conditional, so the instance that took the request
 * drives it at once and any instance finishes what a dead one left: a periodic sweep drives
 * operations that have made no progress for a while.
 */
final class StreamLifecycle implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamLifecycle.class);
  static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
  static final Duration STALL_MARGIN = Duration.ofSeconds(2);

  private final EngineConfig config;
  private final StreamLookup lookup;
  private final CatalogLog catalog;
  private final TopicAdmin topics;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private volatile String failure;
  private final Set<String> driving = ConcurrentHashMap.newKeySet();
  private final Duration stalledAfter;

  StreamLifecycle(
      EngineConfig config,
      StreamLookup lookup,
      CatalogLog catalog,
      TopicAdmin topics,
      ScheduledExecutorService executor) {
    this.config = config;
    this.lookup = lookup;
    this.catalog = catalog;
    this.topics = topics;
    this.clock = config.clock();
    this.executor = executor;
    // Writes to a frozen parent wait until the reshard completes, so a dead instance's reshard is
    // taken up soon after its freeze window: completing it twice is safe (the second
    // CompleteReshard is rejected), holding writes for longer is not.
    this.stalledAfter = config.freezeWindow().plus(STALL_MARGIN);
  }

  void start() {
    executor.scheduleWithFixedDelay(
        this::sweep, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Drives this stream's pending work now, on the control executor. */
  void drive(String stream) {
    executor.execute(() -> step(stream));
  }

  /** Failed when a control task died of an error no retry helps with (an Error); else serving. */
  Health health() {
    String why = failure;
    return why == null ? Health.serving() : Health.failed(why);
  }

  private void sweep() {
    try {
      sweepOnce();
    } catch (RuntimeException e) {
      log.error("Stream sweep failed, trying again in {}", SWEEP_INTERVAL, e);
    } catch (Throwable t) {
      died("sweep", t);
      throw t;
    }
  }

  private void died(String what, Throwable t) {
    failure = "stream control thread died in " + what + ": " + t;
    log.error("Stream control thread died in {}; restart the process", what, t);
  }

  private void sweepOnce() {
    long now = clock.millis();
    for (StreamState s : catalog.state().streams().values()) {
      boolean busy =
          s.status() == StreamStatus.CREATING
              || s.status() == StreamStatus.DELETING
              || s.pending() != null
              || s.scalingTarget() != null
              || s.consumers().values().stream().anyMatch(c -> !c.active());
      if (busy && now - s.lastChangeMillis() > stalledAfter.toMillis()) {
        step(s.name());
      }
    }
  }

  private void step(String name) {
    if (!driving.add(name)) {
      return;
    }
    long again = -1;
    try {
      again = advance(name);
    } catch (KinesisException e) {
      log.warn("Stream {}: step failed, retrying: {}", name, e.getMessage());
      again = 1000;
    } catch (RuntimeException e) {
      log.error("Stream {}: step failed, retrying", name, e);
      again = 1000;
    } catch (Throwable t) {
      died("stream " + name, t);
      throw t;
    } finally {
      driving.remove(name);
    }
    if (again >= 0) {
      executor.schedule(() -> step(name), again, TimeUnit.MILLISECONDS);
    }
  }

  /** Takes the next step; returns milliseconds until the one after, or -1 when done. */
  private long advance(String name) {
    StreamState s = catalog.stream(name);
    if (s == null) {
      return -1;
    }
    String topic = lookup.topic(name);
    switch (s.status()) {
      case CREATING -> {
        topics.createStreamTopic(
            topic,
            s.shards().size(),
            Duration.ofHours(s.retentionHours()).toMillis(),
            maxMessageBytes(s));
        topics.awaitLeaders(topic, s.shards().stream().map(ShardState::index).toList());
        append(new CatalogCommand.StreamReady(name, s.incarnation()));
        return -1;
      }
      case DELETING -> {
        topics.deleteTopic(topic);
        append(new CatalogCommand.StreamDeleted(name, s.incarnation()));
        return -1;
      }
      default -> {
        for (StreamState.ConsumerState c : s.consumers().values()) {
          if (!c.active()) {
            append(new CatalogCommand.ConsumerReady(name, s.incarnation(), c.name()));
          }
        }
        if (s.pending() != null) {
          return completeReshard(s, topic);
        }
        if (s.scalingTarget() != null) {
          List<ReshardAction> phase =
              ReshardPlanner.nextPhase(s.openShards().toList(), s.scalingTarget());
          if (phase.isEmpty()) {
            return -1;
          }
          Outcome o =
              append(
                  new CatalogCommand.BeginReshard(
                      name,
                      s.incarnation(),
                      s.version(),
                      phase,
                      s.scalingTarget(),
                      config.shardLimit(),
                      config.maxScalingsPerDay()));
          return o.accepted() ? 0 : 100;
        }
        return -1;
      }
    }
  }

  private long completeReshard(StreamState s, String topic) {
    ReshardOp op = s.pending();
    int partitions = op.allChildren().stream().mapToInt(i -> i + 1).max().orElse(0);
    topics.ensurePartitions(topic, partitions);
    topics.awaitLeaders(topic, op.allChildren());
    long seen = catalog.reshardSeenNanos(s.name(), op.beganAt());
    long waitNanos = seen + config.freezeWindow().toNanos() - System.nanoTime();
    if (waitNanos > 0) {
      return Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1);
    }
    Map<Integer, Long> ends = topics.latestOffsets(topic, op.parents());
    lookup.awaitFresh();
    StreamState current = catalog.stream(s.name());
    if (current == null
        || current.pending() == null
        || current.pending().beganAt() != op.beganAt()) {
      return 0;
    }
    Outcome o =
        append(
            new CatalogCommand.CompleteReshard(s.name(), s.incarnation(), current.version(), ends));
    if (!o.accepted()) {
      return 50;
    }
    return 0;
  }

  int maxMessageBytes(StreamState s) {
    return s.maxRecordSizeKiB() * 1024 + KafkaSettings.RECORD_OVERHEAD_BYTES;
  }

  /** Makes the topic's retention and size limit match the catalog. */
  void applyTopicConfig(StreamState s) {
    topics.setTopicConfigs(
        lookup.topic(s.name()),
        Map.of(
            "retention.ms", Long.toString(Duration.ofHours(s.retentionHours()).toMillis()),
            "max.message.bytes", Integer.toString(maxMessageBytes(s))));
  }

  private Outcome append(CatalogCommand command) {
    return catalog.append(command, config.requestTimeout());
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
