package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.ServerConfig;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.bench.Benchmark;
import io.kinesisonkafka.bench.Comparison;
import io.kinesisonkafka.bench.Options;
import io.kinesisonkafka.bench.Report;
import io.kinesisonkafka.bench.SdkClients;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code ./bench endpoint}: this server's HTTP API driven by the AWS SDK v2 as an application
 * drives it, against raw kafka-clients doing the same work on the same embedded single-node broker,
 * in one run.
 *
 * <p>The server ({@link KinesisServer}, limits off) runs in this JVM, the broker in a child JVM;
 * the SDK clients talk to the server over loopback: a sync {@link KinesisClient} (Apache HTTP/1.1,
 * CBOR, the SDK's defaults) for PutRecords, PutRecord and GetRecords, an async {@link
 * KinesisAsyncClient} (Netty, HTTP/2 h2c) for SubscribeToShard. It measures:
 *
 * <ul>
 *   <li>PutRecords throughput, 500 records of 1 KiB per call, from 1 and from 8 threads, each
 *       thread waiting for its call before the next; the baseline sends 500 records through one
 *       shared KafkaProducer (the server's producer settings) and waits for their acks;
 *   <li>GetRecords drain throughput: a GetRecords loop per shard from TRIM_HORIZON over what was
 *       put, against one KafkaConsumer draining its topic;
 *   <li>PutRecord latency p50/p99: sequential single puts from one thread after a warm-up;
 *   <li>SubscribeToShard end-to-end latency p50/p99: a record put every few milliseconds carries
 *       its send time; latency is its arrival in the subscriber minus that;
 *   <li>heap: used heap after a full GC before and while 1,000 iterators are outstanding and 100
 *       idle subscriptions are open, held 30 s.
 * </ul>
 *
 * <p>Throughput runs a warm-up round and then rounds that alternate which side goes first, on a new
 * stream and topic each; the report takes each side's best round. The report's comparisons are
 * PutRecords from one thread, PutRecords from many threads ({@code putrecords}) and the drain
 * ({@code getrecords}), so the output ends with {@code ratio putrecords <x>} and {@code ratio
 * getrecords <x>}.
 */
public final class EndpointBenchmark implements Benchmark {
  private static final int RECORD_BYTES = 1024;
  private static final int DISTINCT_BATCHES = 64;

  @Override
  public String name() {
    return "endpoint";
  }

  @Override
  public String description() {
    return "The HTTP API through the AWS SDK v2 vs raw kafka-clients: throughput, latency, heap";
  }

  @Override
  public Map<String, String> options() {
    return Map.ofEntries(
        Map.entry("records", "records per PutRecords pass with --threads threads (default 300000)"),
        Map.entry("records-1thread", "records per PutRecords pass with 1 thread (default 50000)"),
        Map.entry("warmup-records", "records of the unreported warm-up round (default 100000)"),
        Map.entry("rounds", "measured throughput rounds; best per side reported (default 3)"),
        Map.entry("threads", "putting threads of the many-thread pass (default 8)"),
        Map.entry("shards", "shards of the stream and partitions of the topic (default 4)"),
        Map.entry("latency-puts", "measured sequential PutRecord calls (default 2000)"),
        Map.entry(
            "latency-warmup",
            "unmeasured PutRecord calls before those, for the JIT (default 10000); then more, in"
                + " chunks of 1000, until a chunk compiles for less than 20 ms (at most 60"
                + " chunks); 0: no warm-up at all"),
        Map.entry("subscribe-records", "measured SubscribeToShard records (default 2000)"),
        Map.entry(
            "subscribe-warmup", "unmeasured records before those, for the JIT (default 1000)"),
        Map.entry("subscribe-interval-ms", "milliseconds between those puts (default 5)"),
        Map.entry("iterators", "outstanding iterators in the heap check (default 1000)"),
        Map.entry("subscriptions", "idle subscriptions in the heap check (default 100)"),
        Map.entry("hold-seconds", "how long the heap check holds them (default 30)"),
        Map.entry(
            "cold-records",
            "records put first into a server started fresh as its own process, against the"
                + " steady round: ratio putrecords-cold (default 100000; 0 skips it)"),
        Map.entry(
            "cold-jvm-options",
            "JVM options of that fresh server process, space-separated (default none)"),
        Map.entry(
            "cold-tuned",
            "also start it with a class-data archive and compile thresholds scaled down, as the"
                + " README suggests, after a start that writes the archive (default true)"));
  }

  @Override
  public Report run(Options options, PrintStream out) throws Exception {
    Plan plan = Plan.from(options);
    Payload payload = new Payload(RECORD_BYTES, DISTINCT_BATCHES, 42);
    out.println(
        "endpoint benchmark: this server through the AWS SDK v2 vs raw kafka-clients on one"
            + " broker");
    out.println("load average at start: " + Machine.loadAverage());
    long startedAt = System.nanoTime();
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().heapMb(1024).build()) {
      kafka.start();
      out.printf(
          Locale.ROOT,
          "broker: embedded single-node KRaft (1 GiB heap, a child JVM), started in %.1f s, on"
              + " this machine's %d cores with the server and the clients%n",
          (System.nanoTime() - startedAt) / 1e9,
          Runtime.getRuntime().availableProcessors());
      try (KinesisServer server = startServer(kafka.bootstrapServers());
          KinesisClient sync = SdkClients.sync(endpoint(server), Math.max(16, 2 * plan.threads()));
          KafkaTarget raw = new KafkaTarget(kafka.bootstrapServers())) {
        URI endpoint = endpoint(server);
        describe(out, plan, endpoint, raw);
        Rounds.Result best = throughput(out, plan, payload, new SdkTarget(sync), raw);
        ColdStart.Result cold = null;
        if (plan.coldRecords() > 0) {
          cold =
              ColdStart.run(
                  out,
                  kafka.bootstrapServers(),
                  payload,
                  plan.shards(),
                  plan.threads(),
                  plan.coldRecords(),
                  plan.coldJvmOptions());
          ColdStart.print(out, "", cold, best.ours().get(Rounds.Pass.PUT_MANY));
          if (plan.coldTuned()) {
            ColdStart.Result tuned =
                ColdStart.tuned(
                    out,
                    kafka.bootstrapServers(),
                    payload,
                    plan.shards(),
                    plan.threads(),
                    plan.coldRecords());
            ColdStart.print(
                out,
                "with " + String.join(" ", ColdStart.TUNED_OPTIONS) + ": ",
                tuned,
                best.ours().get(Rounds.Pass.PUT_MANY));
          }
        }

        LatencyFindings latency =
            new LatencyPhase(plan, payload, RECORD_BYTES, out).run(server, sync, raw, endpoint);

        HeapCheck.Result heap =
            new HeapCheck(sync, endpoint, out)
                .run(
                    "bench-endpoint-idle",
                    plan.iterators(),
                    plan.subscriptions(),
                    Duration.ofSeconds(plan.holdSeconds()));

        Summary summary = new Summary(out);
        summary.latencyAndHeap(latency, heap);
        summary.ceilings(best.budgets());
        summary.targets(
            best.ours().get(Rounds.Pass.PUT_MANY),
            best.baseline().get(Rounds.Pass.PUT_MANY),
            best.ours().get(Rounds.Pass.GET),
            best.baseline().get(Rounds.Pass.GET),
            latency.putOurs(),
            latency.subscribeOurs().latency(),
            heap,
            best.serverPutMicros(),
            cold == null ? null : cold.cold());
        out.printf(
            Locale.ROOT,
            "total time %.0f s; load average at the end: %s%n",
            (System.nanoTime() - startedAt) / 1e9,
            Machine.loadAverage());
        return report(best, cold, plan);
      }
    }
  }

  private static KinesisServer startServer(String bootstrapServers) throws InterruptedException {
    KinesisServer server =
        KinesisServer.start(
            ServerConfig.from(
                Map.of(
                    Setting.PORT, "0",
                    Setting.TLS_PORT, "-1",
                    Setting.LIMITS_ENABLED, "false",
                    // the warm-up round warms this one; the cold start is measured on its own,
                    // and the warm-up's threads, gone by the first pass, would upset its CPU split
                    Setting.STARTUP_WARMUP_KAFKA_RECORDS, "0")),
            bootstrapServers);
    ServerTime.enableHistogram(server);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!server.engine().ready()) {
      if (System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException("server not ready after 60 s");
      }
      Thread.sleep(50);
    }
    return server;
  }

  private static URI endpoint(KinesisServer server) {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  private static Rounds.Result throughput(
      PrintStream out, Plan plan, Payload payload, Target ours, Target raw) throws Exception {
    Rounds rounds = new Rounds(out, payload, plan.shards(), plan.threads(), ours, raw);
    if (plan.warmupRecords() > 0) {
      rounds.run("warm-up", Math.max(500, plan.warmupRecords() / 4), plan.warmupRecords(), true);
    }
    Rounds.Result best = null;
    for (int r = 1; r <= plan.rounds(); r++) {
      Rounds.Result result =
          rounds.run("round " + r, plan.oneThreadRecords(), plan.records(), r % 2 == 1);
      best = best == null ? result : best.bestWith(result);
    }
    return best;
  }

  private static void describe(PrintStream out, Plan plan, URI endpoint, KafkaTarget raw) {
    out.printf(
        "server: KinesisServer in this JVM on %s, limits off; SDK clients: KinesisClient (Apache"
            + " HTTP/1.1, CBOR, %d connections), KinesisAsyncClient (Netty, HTTP/2 h2c) for"
            + " SubscribeToShard%n",
        endpoint, Math.max(16, 2 * plan.threads()));
    out.printf(
        Locale.ROOT,
        "records: %d B of random data under a random UUID partition key; PutRecords of %d"
            + " records: %,d records from 1 thread, then %,d from %d threads, each thread one"
            + " call at a time, into a %d-shard stream vs a %d-partition topic%n",
        RECORD_BYTES,
        Payload.BATCH_RECORDS,
        Payload.batchesFor(plan.oneThreadRecords()) * Payload.BATCH_RECORDS,
        Payload.batchesFor(plan.records()) * Payload.BATCH_RECORDS,
        plan.threads(),
        plan.shards(),
        plan.shards());
    out.println(
        "     kafka-clients: one shared KafkaProducer, "
            + raw.producerSummary()
            + " (the server's settings); a batch is 500 send() then waiting for the 500 acks");
    out.printf(
        "get: server+sdk: one thread per shard, GetRecords(Limit %d) from TRIM_HORIZON;"
            + " kafka-clients: one KafkaConsumer, all partitions, from the beginning; both until"
            + " everything put in the round is read%n",
        SdkTarget.GET_LIMIT);
    out.printf(
        Locale.ROOT,
        "rounds: warm-up of %,d records, then %d rounds alternating which side goes first, best"
            + " per side reported. CPU us/record: the server's threads, the clients' threads, the"
            + " rest of this JVM (garbage collection, JIT) and the broker%n",
        plan.warmupRecords(),
        plan.rounds());
    out.printf(
        Locale.ROOT,
        "latency: %,d sequential PutRecord after %,d warm-up; SubscribeToShard: a record every"
            + " %d ms, %,d measured after %,d warm-up; heap: %,d iterators + %d idle"
            + " subscriptions held %d s%n%n",
        plan.latencyPuts(),
        plan.latencyWarmup(),
        plan.subscribeIntervalMs(),
        plan.subscribeRecords(),
        plan.subscribeWarmup(),
        plan.iterators(),
        plan.subscriptions(),
        plan.holdSeconds());
    out.flush();
  }

  private static Report report(Rounds.Result best, ColdStart.Result cold, Plan plan) {
    List<Comparison> comparisons = new java.util.ArrayList<>();
    comparisons.add(comparison("putrecords-1thread", best, Rounds.Pass.PUT_ONE));
    comparisons.add(comparison("putrecords", best, Rounds.Pass.PUT_MANY));
    comparisons.add(comparison("getrecords", best, Rounds.Pass.GET));
    if (cold != null) {
      // Not against kafka-clients: the fresh server's first records against the steady round.
      comparisons.add(
          new Comparison("putrecords-cold", cold.cold(), best.ours().get(Rounds.Pass.PUT_MANY)));
    }
    return new Report(
        "server+sdk",
        "kafka-clients",
        (plan.rounds() == 1 ? "1 round" : "best of " + plan.rounds() + " rounds per side")
            + (cold == null
                ? ""
                : "; putrecords-cold: a fresh server's first records vs the steady round of"
                    + " server+sdk, in the kafka-clients columns"),
        comparisons);
  }

  private static Comparison comparison(String metric, Rounds.Result best, Rounds.Pass pass) {
    return new Comparison(metric, best.ours().get(pass), best.baseline().get(pass));
  }
}
