package io.kinesisonkafka.bench.streams;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.ShardLimits;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.bench.Benchmark;
import io.kinesisonkafka.bench.Comparison;
import io.kinesisonkafka.bench.CpuMeter;
import io.kinesisonkafka.bench.Options;
import io.kinesisonkafka.bench.Report;
import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import io.kinesisonkafka.producer.KinesisProducer;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import io.kinesisonkafka.streams.KinesisRecord;
import io.kinesisonkafka.streams.KinesisStreams;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * {@code ./bench streams}: the analytics topology (per-key one-minute tumbling-window counts)
 * reading a Kinesis stream through streams-lib, against the same topology on Kafka's byte-array
 * Serdes over the same Kafka records, in one run on one broker; then the same user records read out
 * of KPL aggregates against unaggregated.
 */
public final class StreamsBenchmark implements Benchmark {
  private static final int RECORD_BYTES = 100;
  private static final int KEYS = 10_000;

  @Override
  public String name() {
    return "streams";
  }

  @Override
  public String description() {
    return "a Kafka Streams windowed count over a Kinesis stream through streams-lib vs Kafka's"
        + " byte-array Serdes; KPL aggregates vs plain records";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(
        "records", "user records in each stream (default 300000)",
        "rounds", "measured rounds; best round per side reported (default 3)",
        "warm-ups", "warm-up rounds, not reported (default 1)",
        "shards", "shards of each stream (default 4)");
  }

  @Override
  public Report run(Options options, PrintStream out) throws Exception {
    long records = options.longValue("records", 300_000, 1_000, 50_000_000);
    int rounds = options.intValue("rounds", 3, 1, 100);
    int warmUps = options.intValue("warm-ups", 1, 0, 100);
    int shards = options.intValue("shards", 4, 1, 64);
    out.println("streams benchmark: streams-lib vs Kafka's byte-array Serdes on one broker");
    long startedAt = System.nanoTime();
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().heapMb(1024).build()) {
      kafka.start();
      String bootstrap = kafka.bootstrapServers();
      EngineConfig config =
          EngineConfig.custom().bootstrapServers(bootstrap).shardLimits(ShardLimits.off()).build();
      try (KinesisEngine engine = KinesisEngine.start(config);
          KinesisStreams kinesis = KinesisStreams.open(config.catalogSettings())) {
        create(engine, "plain", shards);
        create(engine, "aggregated", shards);
        fill(config, "plain", records, false);
        fill(config, "aggregated", records, true);
        out.printf(
            Locale.ROOT,
            "streams: %d shards each, %,d user records of %d B under %,d partition keys, the same"
                + " ones in both; 'plain' one Kafka record each, 'aggregated' in KPL aggregates"
                + " (producer-lib). Each pass is a new application counting per key in one-minute"
                + " tumbling windows (cache off, logging off) after a repartition by partition key"
                + " (streams-lib's stream is keyed by partition key; the baseline selects the same"
                + " key), timed from its first record to its last count; one stream thread.%n%n",
            shards,
            records,
            RECORD_BYTES,
            KEYS);
        Throughput ours = null;
        Throughput raw = null;
        Throughput aggregated = null;
        Throughput direct = null;
        for (int r = -warmUps + 1; r <= rounds; r++) {
          String label = r <= 0 ? "warm-up" : "round " + r;
          CpuMeter.Snapshot a = CpuMeter.snapshot();
          Throughput o = pass(bootstrap, builder -> ours(kinesis, builder, "plain"), records);
          CpuMeter.Snapshot b = CpuMeter.snapshot();
          Throughput w = pass(bootstrap, builder -> raw(kinesis, builder, "plain"), records);
          CpuMeter.Snapshot c = CpuMeter.snapshot();
          Throughput g = pass(bootstrap, builder -> ours(kinesis, builder, "aggregated"), records);
          CpuMeter.Snapshot d = CpuMeter.snapshot();
          Throughput n =
              pass(bootstrap, builder -> rawNoRepartition(kinesis, builder, "plain"), records);
          out.printf(
              Locale.ROOT,
              "%-8s streams-lib %,.0f records/s (cpu %s), byte-array Serdes %,.0f records/s (cpu"
                  + " %s), ratio %.2f; from aggregates %,.0f records/s (cpu %s), ratio %.2f;"
                  + " byte-array Serdes without the repartition %,.0f records/s%n",
              label,
              o.recordsPerSecond(),
              b.minus(a).perRecord(records),
              w.recordsPerSecond(),
              c.minus(b).perRecord(records),
              o.recordsPerSecond() / w.recordsPerSecond(),
              g.recordsPerSecond(),
              d.minus(c).perRecord(records),
              g.recordsPerSecond() / o.recordsPerSecond(),
              n.recordsPerSecond());
          if (r > 0) {
            ours = ours == null ? o : Throughput.faster(ours, o);
            raw = raw == null ? w : Throughput.faster(raw, w);
            aggregated = aggregated == null ? g : Throughput.faster(aggregated, g);
            direct = direct == null ? n : Throughput.faster(direct, n);
          }
        }
        out.printf(Locale.ROOT, "total time %.0f s%n", (System.nanoTime() - startedAt) / 1e9);
        return new Report(
            "streams-lib",
            "byte-array Serdes, same repartition / plain records / no repartition",
            rounds == 1 ? "1 round" : "best of " + rounds + " rounds per side",
            List.of(
                new Comparison("streams", ours, raw),
                new Comparison("streams-aggregated", aggregated, ours),
                new Comparison("streams-vs-no-repartition", ours, direct)));
      }
    }
  }

  private static final Duration WINDOW = Duration.ofMinutes(1);

  /** The topology through streams-lib: Kinesis records keyed by partition key. */
  private static KStream<String, byte[]> ours(
      KinesisStreams kinesis, StreamsBuilder builder, String stream) {
    return kinesis.stream(builder, stream).mapValues(KinesisRecord::data);
  }

  /**
   * The same on Kafka's own Serdes: the record key is the partition key's UTF-8 bytes. Grouping by
   * it needs the same repartition streams-lib's stream declares (a key's records move from a
   * parent's partition to a child's at a reshard, and a KPL aggregate's user records carry keys of
   * their own), so the baseline selects its key too.
   */
  private static KStream<String, byte[]> raw(
      KinesisStreams kinesis, StreamsBuilder builder, String stream) {
    return rawNoRepartition(kinesis, builder, stream).selectKey((k, v) -> k);
  }

  /** Kafka's Serdes with no repartition: wrong across a reshard, shown for what it costs. */
  private static KStream<String, byte[]> rawNoRepartition(
      KinesisStreams kinesis, StreamsBuilder builder, String stream) {
    return builder.stream(
        kinesis.topicOf(stream), Consumed.with(Serdes.String(), Serdes.ByteArray()));
  }

  private interface Source {
    KStream<String, byte[]> build(StreamsBuilder builder);
  }

  private static Throughput pass(String bootstrap, Source source, long records) throws Exception {
    StreamsBuilder builder = new StreamsBuilder();
    AtomicLong seen = new AtomicLong();
    AtomicLong firstNanos = new AtomicLong();
    CompletableFuture<Long> last = new CompletableFuture<>();
    source
        .build(builder)
        .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
        .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, Duration.ofHours(1)))
        .count(
            Materialized.<String, Long, WindowStore<Bytes, byte[]>>with(
                    Serdes.String(), Serdes.Long())
                .withLoggingDisabled()
                .withCachingDisabled())
        .toStream()
        .foreach(
            (k, v) -> {
              long n = seen.incrementAndGet();
              if (n == 1) {
                firstNanos.set(System.nanoTime());
              }
              if (n == records) {
                last.complete(System.nanoTime());
              }
            });
    Properties props = new Properties();
    props.put(
        StreamsConfig.APPLICATION_ID_CONFIG,
        "bench-streams-" + ThreadLocalRandom.current().nextInt(1 << 30));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-streams").toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    props.put(StreamsConfig.consumerPrefix("max.poll.records"), 10_000);
    try (KafkaStreams app = new KafkaStreams(builder.build(), props)) {
      app.start();
      long end = last.get(10, TimeUnit.MINUTES);
      return new Throughput(records, records * RECORD_BYTES, end - firstNanos.get());
    }
  }

  private static void create(KinesisEngine engine, String name, int shards)
      throws InterruptedException {
    engine.createStream(CreateStreamRequest.provisioned(name, shards));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (engine.describeStreamSummary(StreamRef.named(name)).streamStatus()
        != StreamStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stream " + name + " not ACTIVE after 60 s");
      }
      Thread.sleep(100);
    }
  }

  /** The same user records in both streams: key i % KEYS, data seeded by i. */
  private static void fill(EngineConfig config, String stream, long records, boolean aggregate) {
    KinesisProducerConfig producerConfig =
        KinesisProducerConfig.custom()
            .bootstrapServers(config.catalogSettings().bootstrapServers())
            .aggregationEnabled(aggregate)
            .noRateLimit()
            .build();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    try (KinesisProducer producer = new KinesisProducer(producerConfig)) {
      byte[] data = new byte[RECORD_BYTES];
      for (long i = 0; i < records; i++) {
        data[(int) (i % RECORD_BYTES)]++;
        pending.add(producer.addUserRecord(stream, "key-" + (i % KEYS), data.clone()));
        if (pending.size() >= 50_000) {
          pending.forEach(CompletableFuture::join);
          pending.clear();
        }
      }
      producer.flushSync();
      pending.forEach(CompletableFuture::join);
    }
  }
}
