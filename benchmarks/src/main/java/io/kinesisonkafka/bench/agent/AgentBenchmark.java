package io.kinesisonkafka.bench.agent;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.ShardLimits;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.agent.AgentConfig;
import io.kinesisonkafka.agent.KinesisAgent;
import io.kinesisonkafka.bench.Benchmark;
import io.kinesisonkafka.bench.Comparison;
import io.kinesisonkafka.bench.CpuMeter;
import io.kinesisonkafka.bench.Options;
import io.kinesisonkafka.bench.RawKafka;
import io.kinesisonkafka.bench.Report;
import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code ./bench agent}: lines per second from a growing file into a 4-shard stream, through the
 * Kinesis Agent on Kafka (one flow, SINGLELINE records, RANDOM partition keys, producer-lib, shard
 * limits off) against a plain KafkaProducer that tails the same kind of file line by line and sends
 * each line with a random key (acks=all, idempotent), in one run on one broker.
 *
 * <p>Each pass writes a new file of the same lines at full speed while its reader follows it; a
 * pass ends when Kafka acknowledged every line. Rounds alternate which side goes first; the report
 * takes each side's best round.
 */
public final class AgentBenchmark implements Benchmark {
  private static final int LINE_BYTES = 100;
  private static final String STREAM = "agent-bench";

  @Override
  public String name() {
    return "agent";
  }

  @Override
  public String description() {
    return "Kinesis Agent on Kafka tailing a growing file vs a plain KafkaProducer reading it";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(
        "lines", "lines per pass (default 2000000: several seconds for either side)",
        "shards", "shards of the stream, partitions of the topic (default 4)",
        "rounds",
            "measured rounds; the best round per side is reported (default 5: single rounds of"
                + " either side spread by up to 2x on this machine)");
  }

  @Override
  public Report run(Options options, PrintStream out) throws Exception {
    long lines = options.longValue("lines", 2_000_000, 1_000, 100_000_000);
    int shards = options.intValue("shards", 4, 1, 64);
    int rounds = options.intValue("rounds", 5, 1, 20);
    Path work = Files.createTempDirectory("bench-agent");
    out.println("agent benchmark: the agent tailing a file vs a plain KafkaProducer tailing one");
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().heapMb(1024).build()) {
      kafka.start();
      String bootstrap = kafka.bootstrapServers();
      EngineConfig config =
          EngineConfig.custom().bootstrapServers(bootstrap).shardLimits(ShardLimits.off()).build();
      try (KinesisEngine engine = KinesisEngine.start(config)) {
        create(engine, STREAM, shards);
        out.printf(
            Locale.ROOT,
            "setup: one broker; stream %s of %d shards (topic %s%s); %,d lines of %d B per pass,"
                + " written at full speed to a new file while the reader follows it; a pass ends"
                + " when Kafka acknowledged every line. Ours: one flow (initialPosition"
                + " START_OF_FILE, RANDOM partition keys, no processing options, KPL aggregation"
                + " off, shard limits off). Baseline: a KafkaProducer (acks=all, idempotent, linger"
                + " 0) sending each line with a random key.%n%n",
            STREAM,
            shards,
            config.catalogSettings().topicPrefix(),
            STREAM,
            lines,
            LINE_BYTES);
        String topic = config.catalogSettings().topicPrefix() + STREAM;
        Throughput best = null;
        Throughput bestPlain = null;
        for (int r = 0; r <= rounds; r++) {
          String label = r == 0 ? "warm-up" : "round " + r;
          boolean oursFirst = r % 2 == 0;
          Throughput o = null;
          Throughput p = null;
          String oCpu = null;
          String pCpu = null;
          for (int side = 0; side < 2; side++) {
            CpuMeter.Snapshot a = CpuMeter.snapshot();
            Path dir = Files.createDirectories(work.resolve(label.replace(' ', '-') + "-" + side));
            if ((side == 0) == oursFirst) {
              o = agentPass(config, dir, lines);
              oCpu = CpuMeter.snapshot().minus(a).perRecord(lines);
            } else {
              p = plainPass(bootstrap, topic, dir, lines);
              pCpu = CpuMeter.snapshot().minus(a).perRecord(lines);
            }
            deleteTree(dir);
          }
          out.printf(
              Locale.ROOT,
              "%-8s agent %,.0f lines/s (cpu %s), KafkaProducer %,.0f lines/s (cpu %s), ratio"
                  + " %.2f%n",
              label,
              o.recordsPerSecond(),
              oCpu,
              p.recordsPerSecond(),
              pCpu,
              o.recordsPerSecond() / p.recordsPerSecond());
          if (r > 0) {
            best = best == null ? o : Throughput.faster(best, o);
            bestPlain = bestPlain == null ? p : Throughput.faster(bestPlain, p);
          }
        }
        return new Report(
            "agent",
            "KafkaProducer",
            rounds == 1 ? "1 round" : "best of " + rounds + " rounds per side",
            List.of(new Comparison("agent", best, bestPlain)));
      }
    } finally {
      deleteTree(work);
    }
  }

  /** The agent tails {@code dir/app.log} while it is written; timed to the last acknowledgement. */
  private static Throughput agentPass(EngineConfig config, Path dir, long lines) throws Exception {
    Path log = dir.resolve("app.log");
    Files.createFile(log);
    Path json = dir.resolve("agent.json");
    Files.writeString(
        json,
        """
        {
          "checkpointFile": "%s",
          "log.statusReportingPeriodSeconds": 3600,
          "kafka.bootstrapServers": "%s",
          "kafka.topicPrefix": "%s",
          "kafka.catalogTopic": "%s",
          "kafka.rateLimit": 0,
          "flows": [
            {"filePattern": "%s", "kinesisStream": "%s", "initialPosition": "START_OF_FILE"}
          ]
        }
        """
            .formatted(
                dir.resolve("checkpoints.json"),
                config.catalogSettings().bootstrapServers(),
                config.catalogSettings().topicPrefix(),
                config.catalogSettings().catalogTopic(),
                log,
                STREAM));
    MeterRegistry registry = new SimpleMeterRegistry();
    AgentConfig agentConfig = AgentConfig.read(json, dir.resolve("agent.d"), Map.of());
    try (KinesisAgent agent = KinesisAgent.start(agentConfig, registry, failure -> {})) {
      waitFor(() -> gauge(registry, "FileTailer.FilesTracked") >= 1, "the agent to track the file");
      // Looked up once: a registry search every poll would be work only this side does.
      Counter sent = registry.get("TotalRecordsSent").counter();
      long start = System.nanoTime();
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(log, lines));
      waitFor(() -> sent.count() >= lines, "every line to be sent");
      long nanos = System.nanoTime() - start;
      writer.get();
      if (agent.failure() != null) {
        throw new IllegalStateException("the agent failed: " + agent.failure());
      }
      return new Throughput(lines, lines * LINE_BYTES, nanos);
    }
  }

  /** A KafkaProducer tails {@code dir/app.log} line by line while it is written. */
  private static Throughput plainPass(String bootstrap, String topic, Path dir, long lines)
      throws Exception {
    Path log = dir.resolve("app.log");
    Files.createFile(log);
    AtomicLong acked = new AtomicLong();
    AtomicReference<Exception> error = new AtomicReference<>();
    HexFormat hex = HexFormat.of();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(RawKafka.producer(bootstrap, "agent-baseline"))) {
      long start = System.nanoTime();
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(log, lines));
      try (InputStream in = new FileInputStream(log.toFile())) {
        byte[] buf = new byte[64 * 1024];
        byte[] partial = new byte[0];
        long sent = 0;
        while (sent < lines) {
          int n = in.read(buf);
          if (n <= 0) {
            Thread.sleep(1);
            continue;
          }
          int from = 0;
          for (int i = 0; i < n; i++) {
            if (buf[i] != '\n') {
              continue;
            }
            byte[] line;
            if (partial.length > 0) {
              line = Arrays.copyOf(partial, partial.length + i + 1 - from);
              System.arraycopy(buf, from, line, partial.length, i + 1 - from);
              partial = new byte[0];
            } else {
              line = Arrays.copyOfRange(buf, from, i + 1);
            }
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            byte[] key =
                (hex.toHexDigits(rnd.nextLong()) + hex.toHexDigits(rnd.nextLong()))
                    .getBytes(StandardCharsets.UTF_8);
            producer.send(
                new ProducerRecord<>(topic, key, line),
                (m, e) -> {
                  if (e != null) {
                    error.compareAndSet(null, e);
                  }
                  acked.incrementAndGet();
                });
            sent++;
            from = i + 1;
          }
          if (from < n) {
            byte[] more = Arrays.copyOf(partial, partial.length + n - from);
            System.arraycopy(buf, from, more, partial.length, n - from);
            partial = more;
          }
        }
      }
      waitFor(() -> acked.get() >= lines, "every line to be acknowledged");
      long nanos = System.nanoTime() - start;
      writer.get();
      if (error.get() != null) {
        throw error.get();
      }
      return new Throughput(lines, lines * LINE_BYTES, nanos);
    }
  }

  /**
   * Appends {@code lines} lines of {@link #LINE_BYTES} bytes ({@code line 000000001 xxx...}), in 64
   * KiB writes. The lines are copied from one pre-encoded template with the counter's digits
   * written in by hand: the writer runs beside the side being measured, on the same cores, and must
   * not take CPU from it (String.format per line took an eighth of a profile's samples).
   */
  private static void write(Path log, long lines) {
    byte[] template = new byte[LINE_BYTES];
    Arrays.fill(template, (byte) 'x');
    byte[] head = "line 000000000 ".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, template, 0, head.length);
    template[LINE_BYTES - 1] = '\n';
    int lastDigit = head.length - 2;
    int perWrite = (64 * 1024 + LINE_BYTES - 1) / LINE_BYTES;
    byte[] buf = new byte[perWrite * LINE_BYTES];
    try (OutputStream out = Files.newOutputStream(log, java.nio.file.StandardOpenOption.APPEND)) {
      int pos = 0;
      for (long i = 1; i <= lines; i++) {
        System.arraycopy(template, 0, buf, pos, LINE_BYTES);
        long v = i;
        for (int d = pos + lastDigit; v > 0; d--) {
          buf[d] = (byte) ('0' + v % 10);
          v /= 10;
        }
        pos += LINE_BYTES;
        if (pos == buf.length || i == lines) {
          out.write(buf, 0, pos);
          pos = 0;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + log, e);
    }
  }

  private static double gauge(MeterRegistry registry, String name) {
    return registry.find(name).gauges().stream().mapToDouble(Gauge::value).sum();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Condition c, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what);
      }
      Thread.sleep(2);
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

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new IllegalStateException("cannot delete " + p, e);
                }
              });
    }
  }
}
