package io.kinesisonkafka.producer.internals;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.catalog.StreamCatalog;
import io.kinesisonkafka.adapter.catalog.StreamView;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import io.kinesisonkafka.producer.internals.kafka.RecordSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer's machinery behind the public {@code KinesisProducer}: the catalog view, the Kafka
 * sink, the per-shard aggregates, the placement, and one named timer thread ("kinesis-producer-N")
 * that seals aged aggregates every quarter of {@code RecordMaxBufferedTime}, runs retries and
 * resumes held records; and a thread ("kinesis-producer-N-flush", started the first time the
 * outstanding bound is reached) that sends what waits in batches once no more records can join
 * them.
 */
public final class ProducerCore implements AutoCloseable {
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final int MAX_RECORD_BYTES = 1 << 20;

  private final KinesisProducerConfig config;
  private final StreamCatalog catalog;
  private final RecordSink sink;
  private final ScheduledExecutorService timer;
  private final ExecutorService flusher;
  private final AtomicBoolean flushing = new AtomicBoolean();
  private final AtomicBoolean flushRequested = new AtomicBoolean();
  private final OutstandingLimit outstanding;
  private final ProducerMetrics metrics;
  private final ShardAggregates buffers;
  private final ShardWriter placement;
  private final long ttlNanos;

  public ProducerCore(KinesisProducerConfig config, MeterRegistry registry) {
    this.config = config;
    int instance = INSTANCES.incrementAndGet();
    String name = "kinesis-producer-" + instance;
    this.catalog = StreamCatalog.open(catalogSettings(config));
    try {
      this.sink = new RecordSink(config, catalog.settings());
    } catch (RuntimeException e) {
      catalog.close();
      throw e;
    }
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    this.flusher =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name + "-flush");
              t.setDaemon(true);
              return t;
            });
    this.outstanding = new OutstandingLimit(config.maxOutstandingBytes(), this::sendNow);
    this.metrics = new ProducerMetrics(registry, name, outstanding);
    this.ttlNanos = config.recordTtl().toNanos();
    this.buffers =
        new ShardAggregates(config.aggregationMaxSize(), config.aggregationMaxCount(), ttlNanos);
    this.placement = new ShardWriter(config, catalog, sink, metrics, buffers, timer, outstanding);
    if (config.aggregationEnabled()) {
      long period = Math.max(1, config.recordMaxBufferedTime().toMillis() / 4);
      timer.scheduleWithFixedDelay(this::sealAged, period, period, TimeUnit.MILLISECONDS);
    }
  }

  /** The catalog a producer opens: the servers' cluster, topics and resharding bounds. */
  public static CatalogSettings catalogSettings(KinesisProducerConfig config) {
    return CatalogSettings.custom()
        .kafkaProperties(config.kafkaProperties())
        .topicPrefix(config.topicPrefix())
        .catalogTopic(config.catalogTopic())
        .catalogFreshness(config.catalogFreshness())
        .fastAckBound(config.fastAckBound())
        .build();
  }

  /** The catalog reader's health: the producer's own threads only wait on it and on Kafka. */
  public Health health() {
    return catalog.health();
  }

  public ProducerMetrics metrics() {
    return metrics;
  }

  public OutstandingLimit outstanding() {
    return outstanding;
  }

  /**
   * Validates a user record the way Kinesis would.
   *
   * @return its explicit hash key parsed, or null when it has none
   * @throws IllegalArgumentException when Kinesis would refuse it
   */
  public static BigInteger checkedExplicitHashKey(
      String stream, String partitionKey, String explicitHashKey, byte[] utf8Key, int dataLength) {
    if (stream == null || stream.isEmpty()) {
      throw new IllegalArgumentException("stream name must not be empty");
    }
    if (partitionKey == null || partitionKey.isEmpty() || partitionKey.length() > 256) {
      throw new IllegalArgumentException(
          "partitionKey must have 1 to 256 characters, but had "
              + (partitionKey == null ? "none" : partitionKey.length()));
    }
    if ((long) dataLength + utf8Key.length > MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "data and partition key must not exceed 1 MiB, but were "
              + ((long) dataLength + utf8Key.length)
              + " bytes");
    }
    if (explicitHashKey == null) {
      return null;
    }
    try {
      return HashKeys.parseExplicit(explicitHashKey);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "explicitHashKey must be a decimal in 0..2^128-1, but was " + explicitHashKey, e);
    }
  }

  /**
   * Accepts a validated user record: aggregates it or places it alone.
   *
   * @param nowNanos a {@link System#nanoTime()} read after the record was admitted (its arrival,
   *     unless it waited for room): a record placed alone is routed as of then
   */
  public void add(String stream, PendingUserRecord record, long nowNanos) {
    if (!config.aggregationEnabled() || record.size > config.aggregationMaxSize()) {
      placement.place(OutgoingRecord.single(stream, record, ttlNanos), nowNanos);
      return;
    }
    Optional<StreamView> view = catalog.stream(stream);
    if (view.isEmpty() || !view.get().acceptsWrites()) {
      // Maybe created a moment ago: the placement waits for a fresh view before it decides.
      placement.place(OutgoingRecord.single(stream, record, ttlNanos));
      return;
    }
    StreamView v = view.get();
    buffers.add(
        stream,
        v.version(),
        v.route(record.hashHigh, record.hashLow).index(),
        record,
        placement::place);
  }

  /** Whether {@code acquire} should wait, and how long, for room under the outstanding bound. */
  public long blockNanos() {
    return config.whenFull() == KinesisProducerConfig.WhenFull.BLOCK ? ttlNanos : 0;
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void sealAged() {
    try {
      buffers.sealOlderThan(
          System.nanoTime() - config.recordMaxBufferedTime().toNanos(), placement::place);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(ProducerCore.class).error("sealing aggregates failed", e);
    }
  }

  /**
   * The outstanding bound is reached: records waiting for others to share a batch (open aggregates,
   * Kafka's {@code linger.ms} of {@code RecordMaxBufferedTime}) cannot gain any until some are
   * acknowledged, so they are sent now instead of after {@code RecordMaxBufferedTime}. Measured
   * with a 4-shard stream and 1 MiB outstanding: 26,000 records/s before, each window of records
   * waiting out the 100 ms. Kafka's flush waits for what it sends, so it runs on the flush thread,
   * one at a time; a request that comes while one runs (callers refilled the bound meanwhile, with
   * records that flush does not cover) makes the thread flush again when it is done.
   */
  private void sendNow() {
    flushRequested.set(true);
    if (!flushing.compareAndSet(false, true)) {
      return;
    }
    try {
      flusher.execute(this::flushWhileRequested);
    } catch (RejectedExecutionException e) {
      flushing.set(false); // closed
    }
  }

  private void flushWhileRequested() {
    do {
      while (flushRequested.getAndSet(false)) {
        try {
          flush(null);
        } catch (RuntimeException e) {
          // Closed meanwhile: what was sent completes (or fails) on its own.
          if (!flusher.isShutdown()) {
            org.slf4j.LoggerFactory.getLogger(ProducerCore.class)
                .warn("sending the batches at the outstanding bound failed", e);
          }
        }
      }
      flushing.set(false);
      // A request after the last look found the flag still set and started nothing: take it.
    } while (flushRequested.get() && flushing.compareAndSet(false, true));
  }

  /** Seals the open aggregates of a stream (all streams when null) and sends Kafka's batches. */
  public void flush(String stream) {
    buffers.sealAll(stream, placement::place);
    sink.flush();
  }

  /** Waits until no record is outstanding, flushing as it goes; false if the time ran out. */
  public boolean drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    flush(null);
    while (!outstanding.awaitDrained(Math.min(100_000_000L, deadline - System.nanoTime()))) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      flush(null);
    }
    return true;
  }

  @Override
  public void close() {
    buffers.sealAll(null, r -> r.fail("Closed", "producer destroyed before the record was sent"));
    timer.shutdownNow();
    flusher.shutdownNow();
    placement.failParked("producer destroyed while the record waited for its shard");
    sink.close(Duration.ZERO);
    catalog.close();
  }

  /** Closes after the sink delivered what it could within {@code timeout}. */
  public void close(Duration timeout) {
    sink.close(timeout);
    timer.shutdownNow();
    flusher.shutdownNow();
    buffers.sealAll(null, r -> r.fail("Closed", "producer closed before the record was sent"));
    placement.failParked("producer closed while the record waited for its shard");
    catalog.close();
  }
}
