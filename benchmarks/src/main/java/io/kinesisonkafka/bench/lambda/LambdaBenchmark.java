package io.kinesisonkafka.bench.lambda;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.ShardLimits;
import io.kinesisonkafka.bench.BenchStreams;
import io.kinesisonkafka.bench.Benchmark;
import io.kinesisonkafka.bench.Comparison;
import io.kinesisonkafka.bench.CpuMeter;
import io.kinesisonkafka.bench.GcTime;
import io.kinesisonkafka.bench.Options;
import io.kinesisonkafka.bench.Report;
import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.consumer.InitialPosition;
import io.kinesisonkafka.consumer.InitializationInput;
import io.kinesisonkafka.consumer.KinesisClientRecord;
import io.kinesisonkafka.consumer.LeaseLostInput;
import io.kinesisonkafka.consumer.ProcessRecordsInput;
import io.kinesisonkafka.consumer.Scheduler;
import io.kinesisonkafka.consumer.SchedulerConfig;
import io.kinesisonkafka.consumer.ShardEndedInput;
import io.kinesisonkafka.consumer.ShardRecordProcessor;
import io.kinesisonkafka.consumer.ShutdownRequestedInput;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import io.kinesisonkafka.lambda.EventSourceMapping;
import io.kinesisonkafka.lambda.LambdaRunner;
import io.kinesisonkafka.lambda.RunnerConfig;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code ./bench lambda}: records/s through a trivial Lambda handler run by the lambda runner at
 * BatchSize 100 and 10,000, against consumer-lib calling the same code per batch of the same size
 * (checkpointing once per read), on one embedded broker, in one run.
 */
public final class LambdaBenchmark implements Benchmark {

  @Override
  public String name() {
    return "lambda";
  }

  @Override
  public String description() {
    return "a trivial Lambda handler through the lambda runner at BatchSize 100 and 10000 vs"
        + " consumer-lib calling the same code per batch";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(
        "records",
        "records in the stream, drained by each pass (default 4000000: a pass lasts 2-4 s on a"
            + " quiet machine, so starting a consumer group and a stray pause are a small part of"
            + " it, and the whole run about 3.5 minutes)",
        "rounds",
        "measured rounds per batch size; best per side reported (default 5: a round's pass lasts"
            + " 1.5-4 s and single rounds of either side spread by up to 1.5x on this machine, so"
            + " three rounds left the best-of to one lucky round)",
        "warm-ups",
        "warm-up rounds, not reported (default 2)",
        "shards",
        "shards of the stream (default 4)",
        "record-bytes",
        "bytes of data per record (default 256)");
  }

  @Override
  public Report run(Options options, PrintStream out) throws Exception {
    long records = options.longValue("records", 4_000_000, 1_000, 100_000_000);
    int rounds = options.intValue("rounds", 5, 1, 100);
    int warmUps = options.intValue("warm-ups", 2, 0, 100);
    int shards = options.intValue("shards", 4, 1, 64);
    int recordBytes = options.intValue("record-bytes", 256, 1, 1_000_000);
    out.println("lambda benchmark: the lambda runner vs consumer-lib on one broker");
    long startedAt = System.nanoTime();
    try (EmbeddedKafkaCluster kafka = BenchStreams.startBroker(out)) {
      String bootstrap = kafka.bootstrapServers();
      EngineConfig engineConfig =
          EngineConfig.custom().bootstrapServers(bootstrap).shardLimits(ShardLimits.off()).build();
      try (KinesisEngine engine = KinesisEngine.start(engineConfig)) {
        String stream = "lambda";
        BenchStreams.create(engine, stream, shards);
        BenchStreams.fill(engineConfig, bootstrap, stream, records, recordBytes);
        out.printf(
            Locale.ROOT,
            "stream: %d shards, %,d records of %d B under 10000 partition keys, put once; each"
                + " pass drains it from TRIM_HORIZON in a new consumer group. Lambda side: a"
                + " RequestHandler<KinesisEvent, Void> reading each record's data, mapping with"
                + " BatchSize b, ParallelizationFactor 1, function timeout 60 s. consumer-lib"
                + " side: one processor per shard calling the same code per b records of each"
                + " read, checkpoint once per read. Both read up to 10000 records per poll.%n%n",
            shards,
            records,
            recordBytes);
        List<Comparison> comparisons = new ArrayList<>();
        long oursRecords = 0;
        long oursBytes = 0;
        long oursNanos = 0;
        long baseRecords = 0;
        long baseBytes = 0;
        long baseNanos = 0;
        int pass = 0;
        for (int batchSize : new int[] {100, 10_000}) {
          for (int w = 1; w <= warmUps; w++) {
            pass(out, "warm-up", bootstrap, stream, records, batchSize, ++pass);
          }
          Throughput bestOurs = null;
          Throughput bestBase = null;
          for (int r = 1; r <= rounds; r++) {
            Throughput[] both =
                pass(out, "round " + r, bootstrap, stream, records, batchSize, ++pass);
            bestOurs = bestOurs == null ? both[0] : Throughput.faster(bestOurs, both[0]);
            bestBase = bestBase == null ? both[1] : Throughput.faster(bestBase, both[1]);
          }
          comparisons.add(new Comparison("lambda-batch-" + batchSize, bestOurs, bestBase));
          oursRecords += bestOurs.records();
          oursBytes += bestOurs.bytes();
          oursNanos += bestOurs.nanos();
          baseRecords += bestBase.records();
          baseBytes += bestBase.bytes();
          baseNanos += bestBase.nanos();
        }
        // Both batch sizes together: all records over all time of the best rounds.
        comparisons.add(
            new Comparison(
                "lambda",
                new Throughput(oursRecords, oursBytes, oursNanos),
                new Throughput(baseRecords, baseBytes, baseNanos)));
        out.printf(Locale.ROOT, "total time %.0f s%n", (System.nanoTime() - startedAt) / 1e9);
        return new Report(
            "lambda-runner",
            "consumer-lib",
            rounds == 1 ? "1 round" : "best of " + rounds + " rounds per side",
            comparisons);
      }
    }
  }

  /** A pass's throughput and how long after starting its first batch came. */
  private record Pass(Throughput throughput, long startNanos) {
    String started() {
      return String.format(Locale.ROOT, "first batch after %.2f s", startNanos / 1e9);
    }
  }

  private static Throughput[] pass(
      PrintStream out,
      String label,
      String bootstrap,
      String stream,
      long records,
      int batchSize,
      int pass)
      throws InterruptedException {
    boolean oursFirst = pass % 2 == 1;
    Pass ours;
    Pass base;
    CpuMeter.Snapshot oursCpu;
    CpuMeter.Snapshot baseCpu;
    GcTime oursGc;
    GcTime baseGc;
    CpuMeter.Snapshot before = CpuMeter.snapshot();
    GcTime gcBefore = GcTime.now();
    if (oursFirst) {
      ours = lambda(bootstrap, stream, "lambda-" + pass, records, batchSize);
      CpuMeter.Snapshot between = CpuMeter.snapshot();
      GcTime gcBetween = GcTime.now();
      base = consumerLib(bootstrap, stream, "plain-" + pass, records, batchSize);
      oursCpu = between.minus(before);
      baseCpu = CpuMeter.snapshot().minus(between);
      oursGc = gcBetween.minus(gcBefore);
      baseGc = GcTime.now().minus(gcBetween);
    } else {
      base = consumerLib(bootstrap, stream, "plain-" + pass, records, batchSize);
      CpuMeter.Snapshot between = CpuMeter.snapshot();
      GcTime gcBetween = GcTime.now();
      ours = lambda(bootstrap, stream, "lambda-" + pass, records, batchSize);
      baseCpu = between.minus(before);
      oursCpu = CpuMeter.snapshot().minus(between);
      baseGc = gcBetween.minus(gcBefore);
      oursGc = GcTime.now().minus(gcBetween);
    }
    out.printf(
        Locale.ROOT,
        "%-8s BatchSize %5d: lambda runner %,.0f records/s (%.2f s, %s, cpu %s, %s),"
            + " consumer-lib %,.0f records/s (%.2f s, %s, cpu %s, %s), ratio %.2f%n",
        label,
        batchSize,
        ours.throughput().recordsPerSecond(),
        ours.throughput().seconds(),
        ours.started(),
        oursCpu.perRecord(records),
        oursGc.describe(),
        base.throughput().recordsPerSecond(),
        base.throughput().seconds(),
        base.started(),
        baseCpu.perRecord(records),
        baseGc.describe(),
        ours.throughput().recordsPerSecond() / base.throughput().recordsPerSecond());
    return new Throughput[] {ours.throughput(), base.throughput()};
  }

  private static SchedulerConfig.Builder scheduler(String bootstrap, String stream, String group) {
    return SchedulerConfig.custom().applicationName(group + "-" + System.nanoTime()).stream(stream)
        .bootstrapServers(bootstrap)
        .initialPosition(InitialPosition.TRIM_HORIZON)
        .maxRecords(10_000)
        .idleTimeBetweenReads(Duration.ofMillis(100));
  }

  private static Pass lambda(
      String bootstrap, String stream, String group, long expected, int batchSize)
      throws InterruptedException {
    TrivialWork work = new TrivialWork();
    EventSourceMapping mapping =
        EventSourceMapping.parse(
            "{\"FunctionName\": \"bench\", \"EventSourceArn\":"
                + " \"arn:aws:kinesis:us-east-1:123456789012:stream/"
                + stream
                + "\", \"StartingPosition\": \"TRIM_HORIZON\", \"BatchSize\": "
                + batchSize
                + "}");
    RunnerConfig config =
        RunnerConfig.custom()
            .scheduler(scheduler(bootstrap, stream, group).build())
            .functionTimeout(Duration.ofSeconds(60))
            .build();
    long start = System.nanoTime();
    LambdaRunner runner = LambdaRunner.start(config, mapping, () -> new TrivialWork.Handler(work));
    try {
      long end = await(work, expected, () -> runner.health().isFailed());
      return new Pass(
          new Throughput(work.records.sum(), work.bytes.sum(), end - start),
          work.firstBatchAt - start);
    } finally {
      runner.close(Duration.ofSeconds(10));
    }
  }

  private static Pass consumerLib(
      String bootstrap, String stream, String group, long expected, int batchSize)
      throws InterruptedException {
    TrivialWork work = new TrivialWork();
    long start = System.nanoTime();
    Scheduler scheduler =
        Scheduler.start(
            scheduler(bootstrap, stream, group).build(),
            () ->
                new ShardRecordProcessor() {
                  private final ByteBuffer[] data = new ByteBuffer[batchSize];

                  @Override
                  public void initialize(InitializationInput input) {}

                  @Override
                  public void processRecords(ProcessRecordsInput input) {
                    int n = 0;
                    for (KinesisClientRecord r : input.records()) {
                      data[n++] = r.data();
                      if (n == batchSize) {
                        work.batch(data, n);
                        n = 0;
                      }
                    }
                    if (n > 0) {
                      work.batch(data, n);
                    }
                    input.checkpointer().checkpoint();
                  }

                  @Override
                  public void leaseLost(LeaseLostInput input) {}

                  @Override
                  public void shardEnded(ShardEndedInput input) {
                    input.checkpointer().checkpoint();
                  }

                  @Override
                  public void shutdownRequested(ShutdownRequestedInput input) {
                    input.checkpointer().checkpoint();
                  }
                });
    try {
      long end = await(work, expected, scheduler::isStopped);
      return new Pass(
          new Throughput(work.records.sum(), work.bytes.sum(), end - start),
          work.firstBatchAt - start);
    } finally {
      scheduler.close(Duration.ofSeconds(10));
    }
  }

  private static long await(TrivialWork work, long expected, BooleanSupplier failed)
      throws InterruptedException {
    while (work.records.sum() < expected) {
      if (failed.getAsBoolean()) {
        throw new IllegalStateException("the pass failed after " + work.records.sum() + " records");
      }
      Thread.sleep(5);
    }
    return System.nanoTime();
  }
}
