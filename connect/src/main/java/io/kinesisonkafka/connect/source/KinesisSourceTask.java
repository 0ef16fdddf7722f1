package io.kinesisonkafka.connect.source;

import io.kinesisonkafka.connect.internals.KinesisAccess;
import io.kinesisonkafka.connect.internals.Retriable;
import io.kinesisonkafka.connect.internals.ShardRead;
import io.kinesisonkafka.connect.internals.SourceShard;
import io.kinesisonkafka.connect.internals.SourceShard.State;
import io.kinesisonkafka.connect.internals.Version;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Copies the shards the connector gave it, with GetRecords (or enhanced fan-out), one shard after
 * the other in each {@link #poll}.
 *
 * <p><b>Where a shard starts.</b> At the offset stored for it (the last user record copied: read
 * again AT_SEQUENCE_NUMBER, and the user records up to it skipped), else at {@code
 * kinesis.position}.
 *
 * <p><b>Children after parents.</b> A shard with parents waits until each parent was copied to its
 * end. A parent this task reads is done once this task read it to its end (its records go out
 * before the child's through the same producer). A parent another task reads (or read, or nobody
 * reads any more) is done when a read from its <em>committed</em> offset in Connect's offset store
 * finds the shard closed and no user record left: the other task's records up to there are in
 * Kafka, since Connect commits an offset only after its record was written (in the same transaction
 * with exactly-once). A parent no longer listed (past retention) is done. Checked every {@code
 * kinesis.parent.check.interval.ms}.
 *
 * <p><b>Failures.</b> Throttling, limits and network errors back off per shard (exponential with
 * jitter); an expired iterator is fetched again from the last position; a deleted stream ends its
 * shards; anything else fails the task with the shard named.
 *
 * <p><b>Enhanced fan-out</b> ({@code kinesis.reader=fanout}): the task registers the stream
 * consumer {@code kinesis.consumer.name} (or uses it), subscribes to each shard it reads and takes
 * one event at a time; a subscription that ends (every 5 minutes) is opened again from the last
 * user record copied. A shard's end is the event without a continuation sequence number.
 *
 * <p><b>Metrics.</b> {@code millis-behind-latest} per shard (tag {@code shard}), from GetRecords.
 */
public class KinesisSourceTask extends SourceTask {
  private static final Logger log = LoggerFactory.getLogger(KinesisSourceTask.class);

  /** The most records one {@link #poll} returns. */
  static final int MAX_RECORDS_PER_POLL = 20_000;

  // The poll loop, the metrics and the lifecycle live here; which shards are read and when
  // (AssignedShards), how one is read (ShardReader) and what becomes of its records
  // (SourceRecordConverter) live in classes of their own. Connect calls start and poll on the
  // task's thread, which owns the fields below; stop only closes the reader and the client.
  private final Clock clock;
  private KinesisSourceConfig config;
  private KinesisClient kinesis;

  /** The shards this task copies and their parents' gate ({@link AssignedShards}). */
  private AssignedShards assigned;

  /** {@link #assigned}'s shards by key, in the order assigned; empty until {@link #start}. */
  private Map<String, SourceShard> shards = Map.of();

  /** GetRecords or enhanced fan-out; null until {@link #start} chose. */
  private ShardReader reader;

  private long nextParentCheck;
  private int cursor;
  private PluginMetrics metrics;

  /** Creates the task; Connect calls {@link #start}. */
  public KinesisSourceTask() {
    this(Clock.systemUTC());
  }

  KinesisSourceTask(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new KinesisSourceConfig(props);
    kinesis = KinesisAccess.from(config).client();
    ShardRead.Start start =
        new ShardRead.Start(
            config.position().name(),
            config.position() == KinesisSourceConfig.Position.AT_TIMESTAMP
                ? config.positionTimestamp()
                : null);
    var backoff = Retriable.backoff(config.backoffInitial(), config.backoffMax());
    var converter = new SourceRecordConverter(config);
    String assignedKeys = config.getString(KinesisSourceConfig.TASK_SHARDS);
    List<String> keys = assignedKeys.isBlank() ? List.of() : Arrays.asList(assignedKeys.split(","));
    TreeSet<String> streams = streamsOf(keys);
    assigned = new AssignedShards(kinesis, context, config.deaggregate(), start);
    shards = assigned.shards();
    assigned.assign(keys, streams);
    shards.values().forEach(this::registerMetric);
    if (config.fanOut()) {
      var fanOut = new FanOutReader(KinesisAccess.from(config), clock, start, backoff, converter);
      reader = fanOut; // before registering: stop() closes its client if registering fails
      fanOut.register(kinesis, streams, config.consumerName());
    } else {
      reader = new PollingReader(config, clock, start, backoff, converter, streams, shards.size());
    }
    log.info(
        "Kinesis source task copies {} shards ({}): {}",
        shards.size(),
        config.fanOut() ? "enhanced fan-out" : "polling",
        shards.keySet());
  }

  /** The streams of shard keys (stream/shardId), sorted. */
  private static TreeSet<String> streamsOf(List<String> keys) {
    TreeSet<String> streams = new TreeSet<>();
    for (String key : keys) {
      streams.add(key.substring(0, key.lastIndexOf('/')));
    }
    return streams;
  }

  private void registerMetric(SourceShard shard) {
    try {
      metrics = context.pluginMetrics();
      LinkedHashMap<String, String> tags = new LinkedHashMap<>();
      tags.put("stream", shard.info.stream());
      tags.put("shard", shard.info.shardId());
      metrics.addMetric(
          metrics.metricName(
              "millis-behind-latest",
              "How far the shard's copy is behind its newest record (GetRecords'"
                  + " MillisBehindLatest); -1 before the first call",
              tags),
          (Gauge<Long>) (cfg, now) -> shard.millisBehindLatest);
    } catch (RuntimeException | LinkageError e) {
      log.debug("No plugin metrics on this worker", e);
    }
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    long now = clock.millis();
    if (now >= nextParentCheck) {
      assigned.checkParents();
      nextParentCheck = now + config.parentCheckInterval().toMillis();
    }
    List<SourceRecord> out = new ArrayList<>();
    List<SourceShard> all = new ArrayList<>(shards.values());
    for (int i = 0; i < all.size() && out.size() < MAX_RECORDS_PER_POLL; i++) {
      SourceShard shard = all.get((cursor + i) % all.size());
      if (shard.state == State.READING && clock.millis() >= shard.dueAtMillis) {
        reader.read(shard, out);
      }
    }
    cursor = all.isEmpty() ? 0 : (cursor + 1) % all.size();
    if (out.isEmpty()) {
      Thread.sleep(Math.max(1, Math.min(200, nextDue() - clock.millis())));
      return null;
    }
    return out;
  }

  private long nextDue() {
    long due = nextParentCheck;
    for (SourceShard s : shards.values()) {
      if (s.state == State.READING) {
        due = Math.min(due, s.dueAtMillis);
      }
    }
    return due;
  }

  @Override
  public void stop() {
    if (reader != null) {
      reader.close(shards.values());
    }
    if (kinesis != null) {
      kinesis.close();
    }
  }
}
