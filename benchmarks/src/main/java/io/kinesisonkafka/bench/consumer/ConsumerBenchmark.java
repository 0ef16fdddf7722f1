package io.kinesisonkafka.bench.consumer;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.ShardLimits;
import io.kinesisonkafka.bench.BenchStreams;
import io.kinesisonkafka.bench.Benchmark;
import io.kinesisonkafka.bench.Comparison;
import io.kinesisonkafka.bench.CpuMeter;
import io.kinesisonkafka.bench.Options;
import io.kinesisonkafka.bench.Report;
import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./bench consumer}: draining a stream with consumer-lib (a scheduler whose processors
 * checkpoint every batch) against a raw KafkaConsumer committing as often, on one embedded broker,
 * in one run; then the failover time of a worker killed with SIGKILL.
 */
public final class ConsumerBenchmark implements Benchmark {
  private static final int RECORD_BYTES = 1024;

  @Override
  public String name() {
    return "consumer";
  }

  @Override
  public String description() {
    return "drain a stream with consumer-lib (checkpoint per batch) vs a KafkaConsumer committing"
        + " as often; failover time after SIGKILL";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(
        "records",
        "records in the stream, drained by each pass (default 1000000)",
        "rounds",
        "measured rounds after the warm-up; best round per side reported (default 5)",
        "warm-ups",
        "warm-up rounds, not reported (default 4: the broker's and the clients' JIT take that"
            + " long to settle)",
        "shards",
        "shards of the stream (default 4)",
        "max-records",
        "records per batch: maxRecords / max.poll.records (default 10000)",
        "failover-ms",
        "failover time (session timeout) of the failover pass (default 10000)");
  }

  @Override
  public Report run(Options options, PrintStream out) throws Exception {
    long records = options.longValue("records", 1_000_000, 1_000, 100_000_000);
    int rounds = options.intValue("rounds", 5, 1, 100);
    int warmUps = options.intValue("warm-ups", 4, 0, 100);
    int shards = options.intValue("shards", 4, 1, 64);
    int maxRecords = options.intValue("max-records", 10_000, 1, 100_000);
    long failoverMs = options.longValue("failover-ms", 10_000, 6_000, 600_000);

    out.println("consumer benchmark: consumer-lib vs raw kafka-clients on one broker");
    long startedAt = System.nanoTime();
    try (EmbeddedKafkaCluster kafka = BenchStreams.startBroker(out)) {
      String bootstrap = kafka.bootstrapServers();
      EngineConfig engineConfig =
          EngineConfig.custom().bootstrapServers(bootstrap).shardLimits(ShardLimits.off()).build();
      try (KinesisEngine engine = KinesisEngine.start(engineConfig)) {
        String stream = "drain";
        BenchStreams.create(engine, stream, shards);
        BenchStreams.fill(engineConfig, bootstrap, stream, records, RECORD_BYTES);
        out.printf(
            Locale.ROOT,
            "stream: %d shards, %,d records of %d B random data under %d partition keys, put"
                + " once; each pass drains all of it from TRIM_HORIZON in a new consumer group%n",
            shards,
            records,
            RECORD_BYTES,
            10_000);
        out.printf(
            "consumer-lib: one Scheduler, one processor per shard, checkpoint() after every"
                + " processRecords (maxRecords %d); kafka-clients: one KafkaConsumer subscribed"
                + " (classic group), commitSync of each partition's offset after that partition's"
                + " records of each poll (max.poll.records %d). Timed from start to the last"
                + " record, group join included on both sides.%n%n",
            maxRecords, maxRecords);
        String topic = "kinesis." + stream;
        for (int w = 1; w <= warmUps; w++) {
          pass(out, "warm-up", bootstrap, stream, topic, records, maxRecords, w % 2 == 1, -w);
        }
        Throughput bestOurs = null;
        Throughput bestRaw = null;
        for (int r = 1; r <= rounds; r++) {
          Throughput[] both =
              pass(out, "round " + r, bootstrap, stream, topic, records, maxRecords, r % 2 == 1, r);
          bestOurs = bestOurs == null ? both[0] : Throughput.faster(bestOurs, both[0]);
          bestRaw = bestRaw == null ? both[1] : Throughput.faster(bestRaw, both[1]);
        }
        String failoverStream = "failover";
        BenchStreams.create(engine, failoverStream, shards);
        Failover.measure(engine, bootstrap, failoverStream, Duration.ofMillis(failoverMs), out);
        out.printf(Locale.ROOT, "total time %.0f s%n", (System.nanoTime() - startedAt) / 1e9);
        return new Report(
            "consumer-lib",
            "kafka-clients",
            rounds == 1 ? "1 round" : "best of " + rounds + " rounds per side",
            List.of(new Comparison("drain", bestOurs, bestRaw)));
      }
    }
  }

  private static Throughput[] pass(
      PrintStream out,
      String label,
      String bootstrap,
      String stream,
      String topic,
      long records,
      int maxRecords,
      boolean oursFirst,
      int round)
      throws InterruptedException {
    String group = "bench-" + round + "-" + System.nanoTime();
    Throughput ours;
    Throughput raw;
    CpuMeter.Snapshot oursCpu;
    CpuMeter.Snapshot rawCpu;
    CpuMeter.Snapshot before = CpuMeter.snapshot();
    if (oursFirst) {
      ours = Drain.ours(bootstrap, stream, group + "-ours", records, maxRecords);
      CpuMeter.Snapshot between = CpuMeter.snapshot();
      raw = Drain.raw(bootstrap, topic, group + "-raw", records, maxRecords);
      oursCpu = between.minus(before);
      rawCpu = CpuMeter.snapshot().minus(between);
    } else {
      raw = Drain.raw(bootstrap, topic, group + "-raw", records, maxRecords);
      CpuMeter.Snapshot between = CpuMeter.snapshot();
      ours = Drain.ours(bootstrap, stream, group + "-ours", records, maxRecords);
      rawCpu = between.minus(before);
      oursCpu = CpuMeter.snapshot().minus(between);
    }
    out.printf(
        Locale.ROOT,
        "%-8s drain: consumer-lib %,.0f records/s (%.2f s, started in %.0f ms, first record after"
            + " %.0f ms, cpu %s),"
            + " kafka-clients %,.0f records/s (%.2f s, first record after %.0f ms, cpu %s),"
            + " ratio %.2f%n",
        label,
        ours.recordsPerSecond(),
        ours.seconds(),
        Drain.oursStartNanos / 1e6,
        Drain.oursFirstRecordNanos / 1e6,
        oursCpu.perRecord(records),
        raw.recordsPerSecond(),
        raw.seconds(),
        Drain.rawFirstRecordNanos / 1e6,
        rawCpu.perRecord(records),
        ours.recordsPerSecond() / raw.recordsPerSecond());
    return new Throughput[] {ours, raw};
  }
}
