package io.kinesisonkafka.bench.subscriptions;

import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.ServerConfig;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.bench.Benchmark;
import io.kinesisonkafka.bench.Comparison;
import io.kinesisonkafka.bench.Options;
import io.kinesisonkafka.bench.RawKafka;
import io.kinesisonkafka.bench.Report;
import io.kinesisonkafka.bench.SdkClients;
import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * {@code ./bench subscriptions}: many concurrent SubscribeToShard subscriptions on one server. For
 * each count, a stream of count / consumers shards with that many registered consumers, each
 * subscribed to every shard at LATEST from a child JVM over raw HTTP/2 ({@link H2Subscribers});
 * records are produced to the stream's topic at a fixed rate spread over all shards, so every
 * subscription gets a record now and then and heartbeats in between. Measured: the server's heap
 * (after full GC) and threads with the subscriptions open, against before; and the end-to-end
 * latency from the send to the record's arrival in the subscriber. The baseline does the same
 * fan-out with one KafkaConsumer and one thread per subscription in a child JVM.
 */
public final class SubscriptionsBenchmark implements Benchmark {
  private static final int RECORD_BYTES = 100;

  @Override
  public String name() {
    return "subscriptions";
  }

  @Override
  public String description() {
    return "SubscribeToShard at 100, 1,000 and 10,000 subscriptions: server heap, threads, p99"
        + " latency, vs a KafkaConsumer per subscription";
  }

  @Override
  public Map<String, String> options() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("counts", "subscription counts, comma-separated (default 100,1000,10000)");
    o.put("rounds", "measurement rounds per count and side (default 2)");
    o.put("seconds", "length of one measurement window (default 15)");
    o.put("rate", "records per second produced over all shards (default 200)");
    o.put("consumers", "registered consumers per stream; shards = count / consumers (default 10)");
    o.put("readers", "the server's subscription reader threads (default 2)");
    o.put("baseline-max", "largest count the baseline runs at (default 10000)");
    o.put("client-heap-mb", "heap of each subscriber JVM (default 3072)");
    return o;
  }

  private record Side(
      List<Long> heapBytes, List<Integer> threads, List<SubscriberProcess.Stats> stats) {
    Side() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
  }

  @Override
  public Report run(Options options, PrintStream out) throws Exception {
    int[] counts =
        Arrays.stream(options.stringValue("counts", "100,1000,10000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim().replace("_", "")))
            .toArray();
    int rounds = options.intValue("rounds", 2, 1, 20);
    int seconds = options.intValue("seconds", 15, 1, 600);
    int rate = options.intValue("rate", 200, 1, 100_000);
    int consumers = options.intValue("consumers", 10, 1, 20);
    int readers = options.intValue("readers", 2, 1, 64);
    int baselineMax = options.intValue("baseline-max", 10_000, 0, 1_000_000);
    int clientHeap = options.intValue("client-heap-mb", 3072, 256, 65_536);
    out.printf(
        Locale.ROOT,
        "subscriptions benchmark: %s subscriptions, %d consumers per stream, %d records/s of %d B,"
            + " %d s windows, %d rounds, %d server reader threads; %d cores, load %s%n",
        Arrays.toString(counts),
        consumers,
        rate,
        RECORD_BYTES,
        seconds,
        rounds,
        readers,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    List<Comparison> comparisons = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    table.append(
        "| subscriptions | server heap +MB | server threads + | server p99 ms | raw heap +MB |"
            + " raw threads + | raw p99 ms |\n|---|---|---|---|---|---|---|\n");
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().heapMb(1024).build()) {
      kafka.start();
      ServerConfig config =
          ServerConfig.from(
              Map.of(
                  Setting.PORT, "0",
                  Setting.TLS_PORT, "-1",
                  Setting.LIMITS_ENABLED, "false",
                  Setting.SHARD_LIMIT, "1000000"));
      KinesisEngine engine =
          KinesisEngine.start(
              config.engineConfig(kafka.bootstrapServers()).toBuilder()
                  .subscriptionReaders(readers)
                  .shardLimit(1_000_000)
                  .build());
      try (KinesisServer server = KinesisServer.start(config, engine);
          KinesisClient sync = client(URI.create("http://127.0.0.1:" + server.port()));
          KafkaProducer<byte[], byte[]> producer =
              new KafkaProducer<>(RawKafka.producer(kafka.bootstrapServers(), "subscriptions"))) {
        while (!engine.ready()) {
          Thread.sleep(50);
        }
        for (int count : counts) {
          int shards = Math.max(1, (count + consumers - 1) / consumers);
          String stream = "bench-subs-" + count;
          List<String[]> pairs = setUp(sync, stream, shards, consumers, count, out);
          Side ours = new Side();
          Side raw = new Side();
          for (int r = 1; r <= rounds; r++) {
            long heapBefore = Samples.usedHeapAfterGc();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            Map<String, Integer> namesBefore = threadNames();
            long opening = System.nanoTime();
            try (SubscriberProcess child =
                SubscriberProcess.start(
                    "h2", "127.0.0.1", Integer.toString(server.port()), pairs, clientHeap)) {
              child.awaitReady(Duration.ofMinutes(15));
              double openSeconds = (System.nanoTime() - opening) / 1e9;
              Thread.sleep(3000);
              long heap = Samples.usedHeapAfterGc() - heapBefore;
              int threads = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
              SubscriberProcess.Stats s = window(child, producer, stream, shards, rate, seconds);
              ours.heapBytes.add(heap);
              ours.threads.add(threads);
              ours.stats.add(s);
              print(out, "server", count, r, heap, threads, s, seconds, openSeconds);
              out.println("       threads added, by name: " + added(namesBefore, threadNames()));
            }
            Thread.sleep(2000);
            if (count <= baselineMax) {
              opening = System.nanoTime();
              try (SubscriberProcess child =
                  SubscriberProcess.start(
                      "kafka", kafka.bootstrapServers(), "kinesis." + stream, pairs, clientHeap)) {
                SubscriberProcess.Ready ready = child.awaitReady(Duration.ofMinutes(15));
                double openSeconds = (System.nanoTime() - opening) / 1e9;
                SubscriberProcess.Stats s = window(child, producer, stream, shards, rate, seconds);
                raw.heapBytes.add(ready.heapBytes());
                raw.threads.add(ready.threads());
                raw.stats.add(s);
                print(
                    out,
                    "raw",
                    count,
                    r,
                    ready.heapBytes(),
                    ready.threads(),
                    s,
                    seconds,
                    openSeconds);
              }
              Thread.sleep(2000);
            }
          }
          table.append(row(count, ours, raw));
          long bestOurs =
              ours.stats.stream().mapToLong(SubscriberProcess.Stats::deliveries).max().orElse(0);
          long bestRaw =
              raw.stats.stream().mapToLong(SubscriberProcess.Stats::deliveries).max().orElse(0);
          if (bestRaw > 0) {
            comparisons.add(
                new Comparison(
                    "deliveries-" + count,
                    new Throughput(bestOurs, bestOurs * RECORD_BYTES, seconds * 1_000_000_000L),
                    new Throughput(bestRaw, bestRaw * RECORD_BYTES, seconds * 1_000_000_000L)));
          }
          sync.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        }
      }
    }
    out.println();
    out.println(
        "Heap: used heap after full GC with the subscriptions open minus before (server: its JVM;"
            + " raw: the consumers' JVM). Threads: added threads. p99: end-to-end from send to"
            + " arrival in the subscriber, microseconds shown as ms; min..max over rounds.");
    out.print(table);
    out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    if (comparisons.isEmpty()) {
      comparisons.add(new Comparison("none", new Throughput(0, 0, 1), new Throughput(1, 0, 1)));
    }
    return new Report("server", "kafka-clients", "best of " + rounds + " rounds", comparisons);
  }

  private static SubscriberProcess.Stats window(
      SubscriberProcess child,
      KafkaProducer<byte[], byte[]> producer,
      String stream,
      int shards,
      int rate,
      int seconds)
      throws Exception {
    child.measure();
    String topic = "kinesis." + stream;
    long start = System.nanoTime();
    long sent = 0;
    long end = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
      while (sent < due) {
        int partition = (int) (sent % shards);
        producer.send(
            new ProducerRecord<>(
                topic,
                partition,
                ("k" + partition).getBytes(StandardCharsets.UTF_8),
                Samples.payload(RECORD_BYTES)));
        sent++;
      }
      Thread.sleep(2);
    }
    producer.flush();
    Thread.sleep(3000); // let the last records arrive
    return child.stats();
  }

  private static List<String[]> setUp(
      KinesisClient sync, String stream, int shards, int consumers, int count, PrintStream out)
      throws InterruptedException {
    long started = System.nanoTime();
    sync.createStream(b -> b.streamName(stream).shardCount(shards));
    while (sync.describeStreamSummary(b -> b.streamName(stream))
            .streamDescriptionSummary()
            .streamStatus()
        != StreamStatus.ACTIVE) {
      Thread.sleep(100);
    }
    String arn =
        sync.describeStreamSummary(b -> b.streamName(stream))
            .streamDescriptionSummary()
            .streamARN();
    List<String> consumerArns = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      String name = "fanout-" + c;
      String consumerArn =
          sync.registerStreamConsumer(b -> b.streamARN(arn).consumerName(name))
              .consumer()
              .consumerARN();
      while (sync.describeStreamConsumer(b -> b.consumerARN(consumerArn))
              .consumerDescription()
              .consumerStatus()
          != ConsumerStatus.ACTIVE) {
        Thread.sleep(100);
      }
      consumerArns.add(consumerArn);
    }
    List<String[]> pairs = new ArrayList<>(count);
    for (int c = 0; c < consumers && pairs.size() < count; c++) {
      for (int s = 0; s < shards && pairs.size() < count; s++) {
        pairs.add(new String[] {consumerArns.get(c), String.format("shardId-%012d", s)});
      }
    }
    out.printf(
        Locale.ROOT,
        "%,d subscriptions: stream %s with %d shards and %d consumers ready in %.1f s%n",
        count,
        stream,
        shards,
        consumers,
        (System.nanoTime() - started) / 1e9);
    return pairs;
  }

  private static void print(
      PrintStream out,
      String side,
      int count,
      int round,
      long heap,
      int threads,
      SubscriberProcess.Stats s,
      int seconds,
      double openSeconds) {
    out.printf(
        Locale.ROOT,
        "%-6s %,6d subs round %d: opened in %.1f s, heap %+.1f MB, threads %+d; %,d deliveries"
            + " (%,.0f/s), %,d events, %d errors; latency p50 %.1f ms p99 %.1f ms max %.1f ms%n",
        side,
        count,
        round,
        openSeconds,
        heap / 1e6,
        threads,
        s.deliveries(),
        s.deliveries() / (double) seconds,
        s.events(),
        s.errors(),
        s.p50() / 1e3,
        s.p99() / 1e3,
        s.max() / 1e3);
    out.flush();
  }

  private static String row(int count, Side ours, Side raw) {
    return String.format(
        Locale.ROOT,
        "| %,d | %s | %s | %s | %s | %s | %s |%n",
        count,
        spread(ours.heapBytes.stream().mapToDouble(b -> b / 1e6).toArray(), "%.0f"),
        spread(ours.threads.stream().mapToDouble(t -> t).toArray(), "%.0f"),
        spread(ours.stats.stream().mapToDouble(s -> s.p99() / 1e3).toArray(), "%.0f"),
        raw.stats.isEmpty()
            ? "not run"
            : spread(raw.heapBytes.stream().mapToDouble(b -> b / 1e6).toArray(), "%.0f"),
        raw.stats.isEmpty()
            ? "not run"
            : spread(raw.threads.stream().mapToDouble(t -> t).toArray(), "%.0f"),
        raw.stats.isEmpty()
            ? "not run"
            : spread(raw.stats.stream().mapToDouble(s -> s.p99() / 1e3).toArray(), "%.0f"));
  }

  private static String spread(double[] values, String format) {
    double min = Arrays.stream(values).min().orElse(0);
    double max = Arrays.stream(values).max().orElse(0);
    String a = String.format(Locale.ROOT, format, min);
    String b = String.format(Locale.ROOT, format, max);
    return a.equals(b) ? a : a + ".." + b;
  }

  private static KinesisClient client(URI endpoint) {
    return SdkClients.sync(endpoint, 4);
  }

  /** Live threads by name without their numbers, e.g. {@code kinesis-api-#}. */
  private static Map<String, Integer> threadNames() {
    Map<String, Integer> names = new java.util.TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      names.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
    }
    return names;
  }

  private static Map<String, Integer> added(Map<String, Integer> before, Map<String, Integer> now) {
    Map<String, Integer> diff = new java.util.TreeMap<>();
    now.forEach(
        (name, n) -> {
          int d = n - before.getOrDefault(name, 0);
          if (d != 0) {
            diff.put(name, d);
          }
        });
    return diff;
  }

  private static String loadAverage() {
    try {
      String[] f =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
              .trim()
              .split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
