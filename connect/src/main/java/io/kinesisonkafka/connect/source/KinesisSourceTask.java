package io.kinesisonkafka.connect.source;

import io.github.resilience4j.core.IntervalFunction;
import io.kinesisonkafka.connect.internals.FanOut;
import io.kinesisonkafka.connect.internals.KinesisAccess;
import io.kinesisonkafka.connect.internals.Retriable;
import io.kinesisonkafka.connect.internals.ShardInfo;
import io.kinesisonkafka.connect.internals.ShardLister;
import io.kinesisonkafka.connect.internals.ShardRead;
import io.kinesisonkafka.connect.internals.SourceOffsets;
import io.kinesisonkafka.connect.internals.SourceShard;
import io.kinesisonkafka.connect.internals.SourceShard.State;
import io.kinesisonkafka.connect.internals.Version;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;

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
  private static final int MAX_RECORDS_PER_POLL = 20_000;
  private static final BigInteger HASH_SPACE = BigInteger.ONE.shiftLeft(128);

  private final Clock clock;
  private KinesisSourceConfig config;
  private KinesisClient kinesis;
  private ShardRead.Start start;
  private IntervalFunction backoff;
  private final Map<String, SourceShard> shards = new LinkedHashMap<>();
  private final Map<String, ShardInfo> listed = new HashMap<>();
  private long nextParentCheck;
  private int cursor;
  private PluginMetrics metrics;
  // Read once from the configuration: poll() runs per record and AbstractConfig's getters are not
  // free.
  private KinesisSourceConfig.Partitioning partitioning;
  private int partitions;
  private boolean headerStream;
  private boolean headerShard;
  private boolean headerSequence;
  private boolean headerSubSequence;
  private boolean headerArrival;
  private boolean headerHashKey;
  private final Map<String, String> topics = new HashMap<>();
  private KinesisAsyncClient async;
  private final Map<String, String> consumerArns = new HashMap<>();
  // Polling: runs each shard's next GetRecords while Connect converts and sends the last batch.
  private ExecutorService prefetcher;

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
    start =
        new ShardRead.Start(
            config.position().name(),
            config.position() == KinesisSourceConfig.Position.AT_TIMESTAMP
                ? config.positionTimestamp()
                : null);
    backoff = Retriable.backoff(config.backoffInitial(), config.backoffMax());
    partitioning = config.partitioning();
    partitions = config.partitions();
    var chosen = config.headers();
    headerStream = chosen.contains(KinesisSourceConfig.Header.STREAM);
    headerShard = chosen.contains(KinesisSourceConfig.Header.SHARD_ID);
    headerSequence = chosen.contains(KinesisSourceConfig.Header.SEQUENCE_NUMBER);
    headerSubSequence = chosen.contains(KinesisSourceConfig.Header.SUB_SEQUENCE_NUMBER);
    headerArrival = chosen.contains(KinesisSourceConfig.Header.ARRIVAL_TIMESTAMP);
    headerHashKey = chosen.contains(KinesisSourceConfig.Header.EXPLICIT_HASH_KEY);
    String assigned = config.getString(KinesisSourceConfig.TASK_SHARDS);
    List<String> keys = assigned.isBlank() ? List.of() : Arrays.asList(assigned.split(","));
    TreeSet<String> streams = new TreeSet<>();
    for (String key : keys) {
      streams.add(key.substring(0, key.lastIndexOf('/')));
    }
    ShardLister lister = new ShardLister(kinesis);
    for (String stream : streams) {
      try {
        for (ShardInfo s : lister.shards(stream)) {
          listed.put(s.key(), s);
        }
      } catch (ResourceNotFoundException e) {
        log.warn("Stream {} no longer exists; its shards are skipped", stream);
      }
    }
    List<Map<String, String>> partitions = new ArrayList<>();
    for (String key : keys) {
      ShardInfo info = listed.get(key);
      if (info != null) {
        partitions.add(SourceOffsets.partition(info.stream(), info.shardId()));
      }
    }
    Map<Map<String, String>, Map<String, Object>> stored =
        context.offsetStorageReader().offsets(partitions);
    for (String key : keys) {
      ShardInfo info = listed.get(key);
      if (info == null) {
        continue;
      }
      SourceOffsets.Position position =
          SourceOffsets.position(
              stored.get(SourceOffsets.partition(info.stream(), info.shardId())));
      SourceShard shard =
          new SourceShard(info, new ShardRead(kinesis, info, config.deaggregate()), position);
      shards.put(key, shard);
      registerMetric(shard);
    }
    if (!config.fanOut()) {
      String name = "kinesis-source-prefetch-" + String.join(",", streams) + "-";
      java.util.concurrent.atomic.AtomicInteger threads =
          new java.util.concurrent.atomic.AtomicInteger();
      prefetcher =
          Executors.newFixedThreadPool(
              Math.max(1, Math.min(shards.size(), 4)),
              r -> {
                Thread t = new Thread(r, name + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    if (config.fanOut()) {
      async = FanOut.asyncClient(KinesisAccess.from(config));
      for (String stream : streams) {
        try {
          consumerArns.put(stream, FanOut.register(kinesis, stream, config.consumerName()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ConnectException("Interrupted while registering the stream consumer", e);
        }
      }
    }
    log.info(
        "Kinesis source task copies {} shards ({}): {}",
        shards.size(),
        config.fanOut() ? "enhanced fan-out" : "polling",
        shards.keySet());
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
      checkParents();
      nextParentCheck = now + config.parentCheckInterval().toMillis();
    }
    List<SourceRecord> out = new ArrayList<>();
    List<SourceShard> all = new ArrayList<>(shards.values());
    for (int i = 0; i < all.size() && out.size() < MAX_RECORDS_PER_POLL; i++) {
      SourceShard shard = all.get((cursor + i) % all.size());
      if (shard.state == State.READING && clock.millis() >= shard.dueAtMillis) {
        if (async != null) {
          receive(shard, out);
        } else {
          fetch(shard, out);
        }
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

  private void fetch(SourceShard shard, List<SourceRecord> out) {
    try {
      if (shard.iterator == null) {
        shard.iterator = shard.read.iterator(shard.position, start);
      }
      GetRecordsResponse response = next(shard);
      shard.failures = 0;
      if (response.millisBehindLatest() != null) {
        shard.millisBehindLatest = response.millisBehindLatest();
      }
      String iterator = response.nextShardIterator();
      if (iterator != null && !response.records().isEmpty()) {
        // The next call runs while this batch is converted here and written by Connect.
        int limit = config.recordsLimit();
        shard.prefetch =
            CompletableFuture.supplyAsync(() -> shard.read.fetch(iterator, limit), prefetcher);
      }
      for (ShardRead.Item item : shard.read.items(response, shard.position)) {
        out.add(toRecord(shard, item));
        shard.position =
            new SourceOffsets.Position(item.sequenceNumber(), item.subSequenceNumber());
      }
      shard.iterator = iterator;
      if (shard.iterator == null) {
        shard.state = State.ENDED;
        shard.millisBehindLatest = 0;
        log.info("Shard {} read to its end", shard.info.key());
      } else if (response.records().isEmpty()) {
        shard.dueAtMillis = clock.millis() + config.idleInterval().toMillis();
      }
    } catch (ExpiredIteratorException e) {
      shard.iterator = null;
    } catch (ResourceNotFoundException e) {
      log.warn("Shard {} is gone ({}); it is no longer copied", shard.info.key(), e.getMessage());
      shard.state = State.ENDED;
    } catch (RuntimeException e) {
      if (!Retriable.test(e)) {
        throw new ConnectException("Reading Kinesis shard " + shard.info.key() + " failed", e);
      }
      if (shard.prefetch != null) {
        // Started from an iterator this failure leaves unused: the retry reads from the last one.
        shard.prefetch.cancel(false);
        shard.prefetch = null;
      }
      shard.failures++;
      long wait = backoff.apply(shard.failures);
      shard.dueAtMillis = clock.millis() + wait;
      log.debug("Reading {} failed, retrying in {} ms: {}", shard.info.key(), wait, e.toString());
    }
  }

  /**
   * The shard's next GetRecords response: the prefetched one (its failure thrown as if the call
   * were made here), else a call made now.
   */
  private GetRecordsResponse next(SourceShard shard) {
    CompletableFuture<GetRecordsResponse> f = shard.prefetch;
    if (f == null) {
      return shard.read.fetch(shard.iterator, config.recordsLimit());
    }
    shard.prefetch = null;
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while reading " + shard.info.key(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new ConnectException("Reading Kinesis shard " + shard.info.key() + " failed", e);
    }
  }

  /** Enhanced fan-out: takes the events waiting, and subscribes again when a subscription ended. */
  private void receive(SourceShard shard, List<SourceRecord> out) {
    if (shard.subscription == null) {
      shard.subscription =
          FanOut.ShardSubscription.open(
              async,
              consumerArns.get(shard.info.stream()),
              shard.info.shardId(),
              startingPosition(shard));
    }
    SubscribeToShardEvent event;
    boolean any = false;
    while (out.size() < MAX_RECORDS_PER_POLL && (event = shard.subscription.next()) != null) {
      any = true;
      for (ShardRead.Item item : shard.read.items(event.records(), shard.position)) {
        out.add(toRecord(shard, item));
        shard.position =
            new SourceOffsets.Position(item.sequenceNumber(), item.subSequenceNumber());
      }
      if (event.millisBehindLatest() != null) {
        shard.millisBehindLatest = event.millisBehindLatest();
      }
      shard.continuation = event.continuationSequenceNumber();
      if (shard.continuation == null) {
        shard.subscription.cancel();
        shard.subscription = null;
        shard.state = State.ENDED;
        shard.millisBehindLatest = 0;
        log.info("Shard {} read to its end", shard.info.key());
        return;
      }
      shard.failures = 0;
    }
    if (shard.subscription.ended()) {
      Throwable failure = shard.subscription.failure();
      shard.subscription = null;
      if (failure != null) {
        Throwable cause =
            failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof ResourceNotFoundException) {
          log.warn("Shard {} is gone ({}); no longer copied", shard.info.key(), cause.toString());
          shard.state = State.ENDED;
          return;
        }
        if (!Retriable.test(cause) && !(cause instanceof ResourceInUseException)) {
          throw new ConnectException("SubscribeToShard for " + shard.info.key() + " failed", cause);
        }
        shard.failures++;
        shard.dueAtMillis = clock.millis() + backoff.apply(shard.failures);
      }
    } else if (!any) {
      shard.dueAtMillis = clock.millis() + 20;
    }
  }

  private StartingPosition startingPosition(SourceShard shard) {
    if (shard.position != null) {
      return StartingPosition.builder()
          .type(ShardIteratorType.AT_SEQUENCE_NUMBER)
          .sequenceNumber(shard.position.sequenceNumber())
          .build();
    }
    if (shard.continuation != null) {
      return StartingPosition.builder()
          .type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
          .sequenceNumber(shard.continuation)
          .build();
    }
    return StartingPosition.builder().type(start.type()).timestamp(start.timestamp()).build();
  }

  private SourceRecord toRecord(SourceShard shard, ShardRead.Item item) {
    Long arrival = item.arrival() == null ? null : item.arrival().toEpochMilli();
    ConnectHeaders headers = new ConnectHeaders();
    // Strings and int64s: the default SimpleHeaderConverter writes them without parsing.
    if (headerStream) {
      headers.addString(KinesisSourceConfig.Header.STREAM.headerName(), shard.info.stream());
    }
    if (headerShard) {
      headers.addString(KinesisSourceConfig.Header.SHARD_ID.headerName(), shard.info.shardId());
    }
    if (headerSequence) {
      headers.addString(
          KinesisSourceConfig.Header.SEQUENCE_NUMBER.headerName(), item.sequenceNumber());
    }
    if (headerSubSequence) {
      headers.addLong(
          KinesisSourceConfig.Header.SUB_SEQUENCE_NUMBER.headerName(), item.subSequenceNumber());
    }
    if (headerArrival && arrival != null) {
      headers.addLong(KinesisSourceConfig.Header.ARRIVAL_TIMESTAMP.headerName(), arrival);
    }
    if (headerHashKey && item.explicitHashKey() != null) {
      headers.addString(
          KinesisSourceConfig.Header.EXPLICIT_HASH_KEY.headerName(), item.explicitHashKey());
    }
    return new SourceRecord(
        shard.partition,
        SourceOffsets.offset(item.sequenceNumber(), item.subSequenceNumber()),
        topics.computeIfAbsent(shard.info.stream(), config::topic),
        kafkaPartition(shard.info, item),
        Schema.STRING_SCHEMA,
        item.partitionKey(),
        Schema.BYTES_SCHEMA,
        item.data(),
        arrival,
        headers);
  }

  private Integer kafkaPartition(ShardInfo info, ShardRead.Item item) {
    return switch (partitioning) {
      case KEY -> null;
      case SHARD_INDEX -> info.index() % partitions;
      case HASH_KEY ->
          item.hashKey().multiply(BigInteger.valueOf(partitions)).divide(HASH_SPACE).intValue();
    };
  }

  /** Moves each waiting shard whose parents are all copied to their end to READING. */
  private void checkParents() {
    for (SourceShard shard : shards.values()) {
      if (shard.state != State.WAITING_FOR_PARENTS) {
        continue;
      }
      boolean ready = true;
      for (String parent : shard.info.parents()) {
        if (!parentDone(shard.info.stream(), parent)) {
          ready = false;
          break;
        }
      }
      if (ready) {
        log.info("Parents of {} copied to their end; reading it", shard.info.key());
        shard.state = State.READING;
      }
    }
  }

  private boolean parentDone(String stream, String parentId) {
    String key = stream + "/" + parentId;
    SourceShard own = shards.get(key);
    if (own != null) {
      return own.state == State.ENDED;
    }
    ShardInfo info = listed.get(key);
    if (info == null) {
      return true; // past retention, or never listed: nothing of it left to copy
    }
    if (!info.closed()) {
      listed.put(key, info = refresh(info));
      if (!info.closed()) {
        return false;
      }
    }
    try {
      SourceOffsets.Position committed =
          SourceOffsets.position(
              context.offsetStorageReader().offset(SourceOffsets.partition(stream, parentId)));
      boolean done =
          new ShardRead(kinesis, info, config.deaggregate()).nothingLeft(committed, start, 5);
      log.debug("Parent {} committed at {}: copied to its end {}", key, committed, done);
      return done;
    } catch (RuntimeException e) {
      if (!Retriable.test(e) && !(e instanceof ExpiredIteratorException)) {
        throw new ConnectException("Checking parent shard " + key + " failed", e);
      }
      log.debug("Checking parent {} failed; trying again: {}", key, e.toString());
      return false;
    }
  }

  private ShardInfo refresh(ShardInfo info) {
    try {
      for (ShardInfo s : new ShardLister(kinesis).shards(info.stream())) {
        listed.put(s.key(), s);
      }
    } catch (RuntimeException e) {
      if (!Retriable.test(e)) {
        throw new ConnectException("Listing shards of " + info.stream() + " failed", e);
      }
    }
    return listed.getOrDefault(info.key(), info);
  }

  @Override
  public void stop() {
    if (prefetcher != null) {
      prefetcher.shutdownNow();
    }
    for (SourceShard shard : shards.values()) {
      FanOut.ShardSubscription s = shard.subscription;
      if (s != null) {
        s.cancel();
      }
    }
    if (async != null) {
      async.close();
    }
    if (kinesis != null) {
      kinesis.close();
    }
  }
}
