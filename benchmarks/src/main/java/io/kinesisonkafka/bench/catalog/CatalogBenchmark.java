package io.kinesisonkafka.bench.catalog;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * {@code ./bench catalog}: a large catalog on one server. A stream of 1,000 shards (create, list
 * its shards page by page, put and get), then many one-shard streams created from a few threads
 * (the rate per thousand shows whether creating slows down as the catalog grows), listed page by
 * page, and put to and read from; the server's heap with the whole catalog, and the start-up time
 * and heap of a second server that reads the catalog from the start. The baseline creates topics
 * with a Kafka Admin client from as many threads.
 */
public final class CatalogBenchmark implements Benchmark {
  private static final int READERS = 2;

  @Override
  public String name() {
    return "catalog";
  }

  @Override
  public String description() {
    return "a 1,000-shard stream and 10,000 streams: create, list with paging, put and get;"
        + " start-up time and heap";
  }

  @Override
  public Map<String, String> options() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("streams", "one-shard streams to create (default 10000)");
    o.put("shards", "shards of the big stream (default 1000)");
    o.put("threads", "creating threads (default 8)");
    o.put("page", "page size for ListStreams and ListShards (default 100)");
    o.put("raw-topics", "topics the Admin client baseline creates (default 1000)");
    return o;
  }

  @Override
  public Report run(Options options, PrintStream out) throws Exception {
    int streams = options.intValue("streams", 10_000, 1, 1_000_000);
    int shards = options.intValue("shards", 1000, 1, 100_000);
    int threads = options.intValue("threads", 8, 1, 256);
    int page = options.intValue("page", 100, 1, 10_000);
    int rawTopics = options.intValue("raw-topics", 1000, 1, 1_000_000);
    out.printf(
        Locale.ROOT,
        "catalog benchmark: a %d-shard stream, %,d one-shard streams from %d threads, pages of"
            + " %d; %d cores, load %s%n",
        shards,
        streams,
        threads,
        page,
        Runtime.getRuntime().availableProcessors(),
        load());
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().heapMb(1536).build()) {
      kafka.start();
      ServerConfig config =
          ServerConfig.from(
              Map.of(
                  Setting.PORT, "0",
                  Setting.TLS_PORT, "-1",
                  Setting.LIMITS_ENABLED, "false",
                  Setting.SHARD_LIMIT, "1000000"));
      long heapEmpty = heap();
      long t0 = System.nanoTime();
      KinesisServer server = start(config, kafka.bootstrapServers());
      out.printf(Locale.ROOT, "server A started (empty catalog) in %.1f s%n", secs(t0));
      Throughput ours;
      try (KinesisClient sync = client(server)) {
        big(out, sync, "bench-big", shards, page);
        ours = createMany(out, sync, streams, threads);
        listAll(out, sync, page, streams + 1);
        putAndGet(out, sync, streams);
        long heapFull = heap();
        out.printf(
            Locale.ROOT,
            "server A heap with the catalog: %.1f MB used after full GC (%.1f MB before the"
                + " server started)%n",
            heapFull / 1e6,
            heapEmpty / 1e6);
        long before = heap();
        t0 = System.nanoTime();
        KinesisServer second = start(config, kafka.bootstrapServers());
        double startup = secs(t0);
        long withSecond = heap();
        out.printf(
            Locale.ROOT,
            "server B started on the full catalog (%,d streams, %,d shards) in %.1f s; its heap"
                + " %.1f MB after full GC%n",
            streams + 1,
            streams + shards,
            startup,
            (withSecond - before) / 1e6);
        try (KinesisClient syncB = client(second)) {
          t0 = System.nanoTime();
          listAll(out, syncB, page, streams + 1);
        } finally {
          second.close();
        }
      } finally {
        server.close();
      }
      Throughput raw = rawCreate(out, kafka.bootstrapServers(), rawTopics, threads);
      out.printf(Locale.ROOT, "load average at the end: %s%n", load());
      return new Report(
          "server CreateStream",
          "Admin createTopics",
          "one run",
          List.of(new Comparison("create", ours, raw)));
    }
  }

  private static void big(PrintStream out, KinesisClient sync, String name, int shards, int page)
      throws Exception {
    long t0 = System.nanoTime();
    sync.createStream(b -> b.streamName(name).shardCount(shards));
    awaitActive(sync, name);
    out.printf(Locale.ROOT, "%d-shard stream created and ACTIVE in %.1f s%n", shards, secs(t0));
    t0 = System.nanoTime();
    int listed = 0;
    int pages = 0;
    String token = null;
    do {
      String t = token;
      ListShardsResponse r =
          t == null
              ? sync.listShards(b -> b.streamName(name).maxResults(page))
              : sync.listShards(b -> b.nextToken(t).maxResults(page));
      listed += r.shards().size();
      pages++;
      token = r.nextToken();
    } while (token != null);
    out.printf(
        Locale.ROOT,
        "ListShards: %d shards in %d pages in %.2f s (%.1f ms a page)%n",
        listed,
        pages,
        secs(t0),
        secs(t0) * 1000 / pages);
    if (listed != shards) {
      throw new IllegalStateException("listed " + listed + " shards of " + shards);
    }
    t0 = System.nanoTime();
    int put = 0;
    for (int batch = 0; batch < 20; batch++) {
      List<PutRecordsRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        entries.add(
            PutRecordsRequestEntry.builder()
                .partitionKey("key-" + batch + "-" + i)
                .data(SdkBytes.fromByteArray(new byte[100]))
                .build());
      }
      int b = batch;
      put += 500 - sync.putRecords(r -> r.streamName(name).records(entries)).failedRecordCount();
    }
    double putSecs = secs(t0);
    t0 = System.nanoTime();
    AtomicInteger got = new AtomicInteger();
    AtomicInteger nextShard = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(READERS);
    List<Future<?>> readers = new ArrayList<>();
    for (int t = 0; t < READERS; t++) {
      readers.add(
          pool.submit(
              () -> {
                int s;
                while ((s = nextShard.getAndIncrement()) < shards) {
                  got.addAndGet(readShard(sync, name, String.format("shardId-%012d", s)));
                }
                return null;
              }));
    }
    for (Future<?> f : readers) {
      f.get();
    }
    pool.shutdown();
    out.printf(
        Locale.ROOT,
        "%,d records put in %.1f s (PutRecords of 500 spread over the shards); read back %,d"
            + " (GetShardIterator, then GetRecords to the tip, per shard, 2 threads) in %.1f s%n",
        put,
        putSecs,
        got.get(),
        secs(t0));
    if (got.get() != put) {
      throw new IllegalStateException("read " + got + " of " + put + " records");
    }
  }

  /** Reads a shard from its trim horizon until a read at the tip returns nothing. */
  private static int readShard(KinesisClient sync, String stream, String shardId) {
    String it = SdkClients.trimHorizon(sync, stream, shardId);
    int got = 0;
    int emptyAtTip = 0;
    while (true) {
      String current = it;
      var r = sync.getRecords(b -> b.shardIterator(current).limit(10_000));
      got += r.records().size();
      it = r.nextShardIterator();
      // An empty answer says MillisBehindLatest 0 even when a slow fetch left records behind
      // it, so one is not enough to say the shard is read.
      emptyAtTip = r.records().isEmpty() && r.millisBehindLatest() == 0 ? emptyAtTip + 1 : 0;
      if (emptyAtTip == 3) {
        return got;
      }
    }
  }

  private static Throughput createMany(PrintStream out, KinesisClient sync, int n, int threads)
      throws Exception {
    AtomicInteger nextIndex = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicLong retries = new AtomicLong();
    long t0 = System.nanoTime();
    long[] lastMark = {t0};
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(
          pool.submit(
              () -> {
                int i;
                while ((i = nextIndex.getAndIncrement()) < n) {
                  String name = String.format("bench-catalog-%06d", i);
                  while (true) {
                    try {
                      sync.createStream(b -> b.streamName(name).shardCount(1));
                      break;
                    } catch (LimitExceededException e) {
                      retries.incrementAndGet();
                      sleep(20);
                    }
                  }
                  int d = done.incrementAndGet();
                  if (d % 1000 == 0) {
                    synchronized (lastMark) {
                      long now = System.nanoTime();
                      out.printf(
                          Locale.ROOT,
                          "  %,6d streams created, the last 1,000 at %.0f/s%n",
                          d,
                          1000 / ((now - lastMark[0]) / 1e9));
                      lastMark[0] = now;
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    awaitActive(sync, String.format("bench-catalog-%06d", n - 1));
    long nanos = System.nanoTime() - t0;
    out.printf(
        Locale.ROOT,
        "%,d streams created in %.1f s (%.0f/s; %,d LimitExceeded retries while too many were"
            + " CREATING)%n",
        n,
        nanos / 1e9,
        n / (nanos / 1e9),
        retries.get());
    return new Throughput(n, 0, nanos);
  }

  private static void listAll(PrintStream out, KinesisClient sync, int page, int expected) {
    long t0 = System.nanoTime();
    int listed = 0;
    int pages = 0;
    String token = null;
    do {
      String t = token;
      ListStreamsResponse r =
          t == null ? sync.listStreams(b -> b.limit(page)) : sync.listStreams(b -> b.nextToken(t));
      listed += r.streamNames().size();
      pages++;
      token = r.hasMoreStreams() ? r.nextToken() : null;
    } while (token != null);
    out.printf(
        Locale.ROOT,
        "ListStreams: %,d streams in %d pages in %.2f s (%.1f ms a page)%n",
        listed,
        pages,
        secs(t0),
        secs(t0) * 1000 / pages);
    if (listed != expected) {
      throw new IllegalStateException("listed " + listed + " streams, expected " + expected);
    }
  }

  private static void putAndGet(PrintStream out, KinesisClient sync, int n) {
    long t0 = System.nanoTime();
    int samples = Math.min(n, 200);
    for (int k = 0; k < samples; k++) {
      String name = String.format("bench-catalog-%06d", (int) ((long) k * n / samples));
      sync.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("x")));
      int got = readShard(sync, name, "shardId-000000000000");
      if (got != 1) {
        throw new IllegalStateException(name + ": read " + got + " records, expected 1");
      }
    }
    out.printf(
        Locale.ROOT,
        "PutRecord, GetShardIterator, GetRecords on %d streams spread over the catalog: %.1f ms"
            + " per stream%n",
        samples,
        secs(t0) * 1000 / samples);
  }

  private static Throughput rawCreate(PrintStream out, String bootstrap, int n, int threads)
      throws Exception {
    try (Admin admin = Admin.create(RawKafka.admin(bootstrap, "catalog"))) {
      AtomicInteger next = new AtomicInteger();
      long t0 = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < n) {
                    admin
                        .createTopics(
                            List.of(new NewTopic(String.format("raw-%06d", i), 1, (short) 1)))
                        .all()
                        .get();
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      long nanos = System.nanoTime() - t0;
      out.printf(
          Locale.ROOT,
          "baseline: %,d topics created with Admin.createTopics from %d threads in %.1f s (%.0f/s)%n",
          n,
          threads,
          nanos / 1e9,
          n / (nanos / 1e9));
      return new Throughput(n, 0, nanos);
    }
  }

  private static void awaitActive(KinesisClient sync, String name) throws InterruptedException {
    while (sync.describeStreamSummary(b -> b.streamName(name))
            .streamDescriptionSummary()
            .streamStatus()
        != StreamStatus.ACTIVE) {
      Thread.sleep(100);
    }
  }

  private static KinesisServer start(ServerConfig config, String bootstrap)
      throws InterruptedException {
    KinesisEngine engine =
        KinesisEngine.start(
            config.engineConfig(bootstrap).toBuilder().shardLimit(1_000_000).build());
    KinesisServer server = KinesisServer.start(config, engine);
    while (!engine.ready()) {
      Thread.sleep(20);
    }
    return server;
  }

  private static KinesisClient client(KinesisServer server) {
    return SdkClients.sync(URI.create("http://127.0.0.1:" + server.port()), 32);
  }

  private static long heap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static String load() {
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
