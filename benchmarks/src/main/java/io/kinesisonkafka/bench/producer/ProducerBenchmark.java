package io.kinesisonkafka.bench.producer;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.ShardLimits;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.bench.Benchmark;
import io.kinesisonkafka.bench.Comparison;
import io.kinesisonkafka.bench.Options;
import io.kinesisonkafka.bench.Report;
import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./bench producer}: user records per second through producer-lib's {@code KinesisProducer}
 * against a raw KafkaProducer sending the same payloads, for 100 B and 1 KiB records, with and
 * without aggregation, on one embedded broker, in one run.
 *
 * <p>A warm-up round, then rounds alternating which side goes first; each pass writes to a new
 * stream (a new topic for the raw side). The report takes each side's best pass per case.
 */
public final class ProducerBenchmark implements Benchmark {
  private static final int SHARDS = 4;

  /** One measured case: record size and whether producer-lib aggregates. */
  record Case(String name, int recordBytes, boolean aggregated, long records) {}

  @Override
  public String name() {
    return "producer";
  }

  @Override
  public String description() {
    return "producer-lib's KinesisProducer vs a raw KafkaProducer, 100 B and 1 KiB records";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(
        "records",
        "user records per pass of 100 B (default 2000000; 1 KiB passes send half)",
        "rounds",
        "measured rounds; the best pass per side and case is reported (default 3)",
        "threads",
        "threads calling addUserRecord / send (default 2)",
        "connections",
        "producer-lib's MaxConnections: KafkaProducers it spreads the shards over (default 24, as"
            + " the KPL; the raw side always has one)",
        "cases",
        "comma-separated cases to run (default all: plain-100B,aggregated-1KiB,aggregated-100B,"
            + "plain-1KiB)");
  }

  @Override
  public Report run(Options options, PrintStream out) throws Exception {
    long records = options.longValue("records", 2_000_000, 1000, 100_000_000);
    int rounds = options.intValue("rounds", 3, 1, 20);
    int threads = options.intValue("threads", 2, 1, 64);
    int connections = options.intValue("connections", 24, 1, 256);
    List<Case> cases =
        List.of(
            new Case("plain-100B", 100, false, records),
            new Case("aggregated-1KiB", 1024, true, records / 2),
            new Case("aggregated-100B", 100, true, records),
            new Case("plain-1KiB", 1024, false, records / 2));
    String only = options.stringValue("cases", "");
    if (!only.isEmpty()) {
      List<String> names = List.of(only.split(","));
      cases = cases.stream().filter(c -> names.contains(c.name())).toList();
      if (cases.isEmpty()) {
        throw new Options.UsageException("no such case: " + only);
      }
    }

    out.println(
        "producer benchmark: producer-lib KinesisProducer vs raw KafkaProducer, one broker");
    long startedAt = System.nanoTime();
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().heapMb(1024).build()) {
      kafka.start();
      String bootstrap = kafka.bootstrapServers();
      EngineConfig engineConfig =
          EngineConfig.custom().bootstrapServers(bootstrap).shardLimits(ShardLimits.off()).build();
      try (KinesisEngine engine = KinesisEngine.start(engineConfig)) {
        KinesisProducerConfig base =
            KinesisProducerConfig.custom()
                .bootstrapServers(bootstrap)
                .noRateLimit()
                .maxConnections(connections)
                .build();
        describe(out, records, rounds, threads, base);
        Passes passes = new Passes(out, threads, bootstrap, base, stream -> create(engine, stream));
        for (Case c : cases) {
          passes.run("warm-up", c, c.records(), true);
        }
        Map<String, Throughput[]> best = new LinkedHashMap<>();
        for (int r = 1; r <= rounds; r++) {
          for (Case c : cases) {
            Throughput[] pair = passes.run("round " + r, c, c.records(), r % 2 == 1);
            best.merge(
                c.name(),
                pair,
                (a, b) ->
                    new Throughput[] {
                      Throughput.faster(a[0], b[0]), Throughput.faster(a[1], b[1])
                    });
          }
        }
        out.printf(Locale.ROOT, "total time %.0f s%n", (System.nanoTime() - startedAt) / 1e9);
        List<Comparison> comparisons = new ArrayList<>();
        best.forEach((name, pair) -> comparisons.add(new Comparison(name, pair[0], pair[1])));
        return new Report(
            "producer-lib",
            "KafkaProducer",
            rounds == 1 ? "1 round" : "best of " + rounds + " rounds per side",
            comparisons);
      }
    }
  }

  private static void create(KinesisEngine engine, String name) {
    engine.createStream(CreateStreamRequest.provisioned(name, SHARDS));
    StreamRef ref = StreamRef.named(name);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (engine.describeStreamSummary(ref).streamStatus() != StreamStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stream " + name + " not ACTIVE");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static void describe(
      PrintStream out, long records, int rounds, int threads, KinesisProducerConfig base) {
    out.printf(
        Locale.ROOT,
        "records: %,d user records of 100 B per pass (%,d of 1 KiB), random data, partition keys"
            + " drawn from 100,000 random 20-character keys; %d-shard streams vs %d-partition"
            + " topics, new ones each pass%n",
        records,
        records / 2,
        SHARDS,
        SHARDS);
    out.printf(
        Locale.ROOT,
        "both: %d threads calling addUserRecord / send in a loop, then flushSync / flush; timed"
            + " until every record is acknowledged (acks=all, idempotent)%n",
        threads);
    out.printf(
        Locale.ROOT,
        "producer-lib: defaults but no rate limit (RecordMaxBufferedTime %d ms, AggregationMaxSize"
            + " %d, MaxConnections %d: up to %d KafkaProducers); raw: one KafkaProducer with the"
            + " same Kafka settings as producer-lib's plain mode (linger.ms %d, batch.size 256 KiB),"
            + " default partitioner%n",
        base.recordMaxBufferedTime().toMillis(),
        base.aggregationMaxSize(),
        base.maxConnections(),
        Math.min(base.maxConnections(), SHARDS),
        base.recordMaxBufferedTime().toMillis());
    out.printf(
        Locale.ROOT,
        "rounds: a warm-up pass per case and side, then %d rounds alternating which side goes"
            + " first; reporting each side's best pass%n%n",
        rounds);
  }
}
