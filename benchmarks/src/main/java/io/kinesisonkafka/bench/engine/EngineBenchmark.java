package io.kinesisonkafka.bench.engine;

import io.kinesisonkafka.bench.Benchmark;
import io.kinesisonkafka.bench.Comparison;
import io.kinesisonkafka.bench.Options;
import io.kinesisonkafka.bench.Report;
import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./bench engine}: PutRecords and GetRecords through the engine against raw kafka-clients
 * doing the same work, on one embedded single-node broker, in one run.
 *
 * <p>A warm-up round, then several rounds that alternate which side goes first (the broker and the
 * JIT are still warming up, and the machine is shared); each round uses a new stream and topic. The
 * report takes each side's best round per metric.
 */
public final class EngineBenchmark implements Benchmark {
  private static final int RECORD_BYTES = 1024;
  private static final int DISTINCT_BATCHES = 64;

  @Override
  public String name() {
    return "engine";
  }

  @Override
  public String description() {
    return "PutRecords and GetRecords through the engine vs raw kafka-clients, 1 KiB records";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(
        "records", "records per measured pass (default 2000000)",
        "warmup-records", "records of the unreported warm-up round (default 1000000)",
        "rounds", "measured rounds; the best round per side is reported (default 3)",
        "threads", "putting threads, each with one batch of 500 in flight (default 8)",
        "shards", "shards of the stream and partitions of the topic (default 4)");
  }

  @Override
  public Report run(Options options, PrintStream out) throws Exception {
    long records = options.longValue("records", 2_000_000, 500, 100_000_000);
    long warmup = options.longValue("warmup-records", 1_000_000, 0, 100_000_000);
    int rounds = options.intValue("rounds", 3, 1, 100);
    int shards = options.intValue("shards", 4, 1, 64);
    PutDriver driver = new PutDriver(options.intValue("threads", 8, 1, 256));
    Workload workload = new Workload(RECORD_BYTES, DISTINCT_BATCHES, 42);
    long batches = Workload.batchesFor(records);

    out.println("engine benchmark: Kinesis engine vs raw kafka-clients on one broker");
    long startedAt = System.nanoTime();
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().heapMb(1024).build()) {
      kafka.start();
      out.printf(
          Locale.ROOT,
          "broker: embedded single-node KRaft (1 GiB heap), started in %.1f s, on this machine's"
              + " %d cores with the clients%n",
          (System.nanoTime() - startedAt) / 1e9,
          Runtime.getRuntime().availableProcessors());
      try (Side engine = EngineSide.start(kafka.bootstrapServers());
          RawSide raw = new RawSide(kafka.bootstrapServers())) {
        describe(out, records, warmup, rounds, shards, driver, raw);
        Rounds measured = new Rounds(out, driver, workload, shards, engine, raw);
        if (warmup > 0) {
          measured.run("warm-up", Workload.batchesFor(warmup), true);
        }
        List<RoundResult> results = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
          results.add(measured.run("round " + r, batches, r % 2 == 1));
        }
        out.printf(Locale.ROOT, "total time %.0f s%n", (System.nanoTime() - startedAt) / 1e9);
        return report(results, rounds);
      }
    }
  }

  private static void describe(
      PrintStream out,
      long records,
      long warmup,
      int rounds,
      int shards,
      PutDriver driver,
      RawSide raw) {
    out.printf(
        Locale.ROOT,
        "records: %,d per measured pass, %d B of random data each under a random UUID partition"
            + " key; a %d-shard stream vs a %d-partition topic, new ones each round%n",
        Workload.batchesFor(records) * Workload.BATCH_RECORDS,
        RECORD_BYTES,
        shards,
        shards);
    out.printf(
        "put: %d threads, each sending a batch of %d and waiting for its answer (%d batches in"
            + " flight). engine: putRecords; kafka-clients: one shared KafkaProducer, send() per"
            + " record, then wait for the batch's acks%n",
        driver.threads(), Workload.BATCH_RECORDS, driver.threads());
    out.println("     both producers: " + raw.producerSummary() + " (the engine's settings)");
    out.printf(
        "get: engine: one thread per shard, GetRecords(Limit %d) from TRIM_HORIZON until all"
            + " records are read; kafka-clients: one KafkaConsumer on one thread, assign all"
            + " partitions, seekToBeginning, poll until all are read; both with the engine's"
            + " reader settings, timed from a cold start (no consumer yet)%n",
        EngineSide.GET_LIMIT);
    out.printf(
        Locale.ROOT,
        "rounds: warm-up of %,d records, then %d rounds alternating which side goes first;"
            + " reporting each side's best round. CPU us/record: CPU time this JVM (clients and"
            + " driver) and the broker process used per record during the pass%n%n",
        warmup,
        rounds);
  }

  private static Report report(List<RoundResult> results, int rounds) {
    RoundResult best = results.get(0);
    for (RoundResult r : results) {
      best = best.bestWith(r);
    }
    return new Report(
        "engine",
        "kafka-clients",
        rounds == 1 ? "1 round" : "best of " + rounds + " rounds per side",
        List.of(
            new Comparison("put", best.enginePut(), best.rawPut()),
            new Comparison("get", best.engineGet(), best.rawGet())));
  }

  /** One round's four passes. */
  record RoundResult(
      Throughput enginePut, Throughput rawPut, Throughput engineGet, Throughput rawGet) {
    RoundResult bestWith(RoundResult o) {
      return new RoundResult(
          Throughput.faster(enginePut, o.enginePut),
          Throughput.faster(rawPut, o.rawPut),
          Throughput.faster(engineGet, o.engineGet),
          Throughput.faster(rawGet, o.rawGet));
    }
  }
}
