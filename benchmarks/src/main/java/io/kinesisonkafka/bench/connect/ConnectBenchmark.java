package io.kinesisonkafka.bench.connect;

import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.ServerConfig;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.bench.Benchmark;
import io.kinesisonkafka.bench.Comparison;
import io.kinesisonkafka.bench.CpuMeter;
import io.kinesisonkafka.bench.Options;
import io.kinesisonkafka.bench.Report;
import io.kinesisonkafka.bench.SdkClients;
import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code ./bench connect}: the Kafka Connect source and sink on one distributed worker (a child
 * JVM), against the AWS SDK doing the same work, on one broker and one server.
 *
 * <p>Source: records/s copying a 4-shard stream into a Kafka topic (4 tasks), against the SDK
 * draining the same stream with GetRecords (4 threads, one per shard). Sink: records/s putting a
 * 4-partition topic into a 4-shard stream (4 tasks, strict per-key ordering, random keys), against
 * 4 threads each reading one partition with a KafkaConsumer and calling PutRecords with 500
 * records. The connectors' rates are taken from their first tenth of the records to the last (task
 * start-up and the sink group's first rebalances excluded); the SDK's from start to end. A first
 * round warms both sides up and is not counted; each round prints the CPU each side's pass used per
 * record in this JVM (server and SDK clients), in the worker and in the broker.
 */
public final class ConnectBenchmark implements Benchmark {
  @Override
  public String name() {
    return "connect";
  }

  @Override
  public String description() {
    return "Kafka Connect source and sink vs the AWS SDK's GetRecords / PutRecords";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(
        "records", "records per pass (default 300000)",
        "record-bytes", "bytes of each record (default 100)",
        "rounds", "measured rounds; the best round per side is reported (default 2)",
        "source-in-flight",
            "the source producer's max.in.flight.requests.per.connection; above 1 the producer is"
                + " made idempotent to keep order (default 1, Connect's own)",
        "source-headers",
            "the source's kinesis.headers, '+'-separated, or 'none' (default: all of them)");
  }

  @Override
  public Report run(Options options, PrintStream out) throws Exception {
    // 300,000: at 100,000 a quiet machine's SDK pass took under half a second, and the worker's
    // JIT compiler threads were still a third of its CPU in the second round.
    long records = options.longValue("records", 300_000, 1000, 10_000_000);
    int recordBytes = options.intValue("record-bytes", 100, 1, 100_000);
    int rounds = options.intValue("rounds", 2, 1, 10);
    int inFlight = options.intValue("source-in-flight", 1, 1, 5);
    String headers = options.stringValue("source-headers", null);
    Path work = Files.createTempDirectory("bench-connect");
    out.println("connect benchmark: Connect source and sink vs the AWS SDK, same work");
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().heapMb(1024).build()) {
      kafka.start();
      String bootstrap = kafka.bootstrapServers();
      try (KinesisServer server =
              KinesisServer.start(
                  ServerConfig.from(
                      Map.of(
                          Setting.PORT, "0",
                          Setting.TLS_PORT, "-1",
                          Setting.LIMITS_ENABLED, "false")),
                  bootstrap);
          KinesisClient kinesis =
              SdkClients.sync(URI.create("http://localhost:" + server.port()), 32);
          ConnectWorker worker = ConnectWorker.start(bootstrap, work)) {
        URI endpoint = URI.create("http://localhost:" + server.port());
        out.printf(
            "broker: embedded single-node KRaft (child JVM); server in this JVM on %s, limits off;"
                + " one Connect worker (child JVM, log %s); %d cores shared by all%n",
            endpoint, worker.log(), Runtime.getRuntime().availableProcessors());
        out.printf(
            Locale.ROOT,
            "%,d records of %d B per pass, %d shards / partitions%n%n",
            records,
            recordBytes,
            Fixtures.SHARDS);
        Throughput[] best = new Throughput[4];
        Throughput[] copier = new Throughput[rounds + 1];
        Throughput bestCopier = null;
        // Round 0 warms up: the worker is a fresh JVM whose first records went mostly to class
        // loading and JIT compilation (a third of its CPU in a profile), while the server and the
        // SDK clients in this JVM were warmed by filling the streams and topics.
        for (int r = 0; r <= rounds; r++) {
          Throughput[] pass = new Throughput[4];
          String stream = "bench-source-" + r;
          Fixtures.createStream(kinesis, stream);
          Fixtures.fillStream(kinesis, stream, records, recordBytes);
          String sinkTopic = "bench-sink-in-" + r;
          Fixtures.fillTopic(bootstrap, sinkTopic, records, recordBytes);
          boolean oursFirst = r % 2 == 0;
          for (int side = 0; side < 2; side++) {
            boolean ours = (side == 0) == oursFirst;
            if (ours) {
              Cpu cpu = Cpu.start(worker);
              pass[0] =
                  SourcePasses.connector(
                      worker,
                      endpoint,
                      bootstrap,
                      stream,
                      "bench-copy-" + r,
                      records,
                      inFlight,
                      headers);
              cpu.print(out, r, "source connect", records);
              cpu = Cpu.start(worker);
              pass[2] =
                  SinkPasses.connector(
                      worker,
                      kinesis,
                      bootstrap,
                      endpoint,
                      sinkTopic,
                      "bench-sink-ours-" + r,
                      records);
              cpu.print(out, r, "sink connect", records);
            } else {
              Cpu cpu = Cpu.start(worker);
              pass[1] = SourcePasses.sdk(kinesis, stream, records);
              cpu.print(out, r, "source sdk", records);
              cpu = Cpu.start(worker);
              copier[r] =
                  SourcePasses.copier(kinesis, bootstrap, stream, "bench-copy-plain-" + r, records);
              cpu.print(out, r, "source plain copier", records);
              cpu = Cpu.start(worker);
              pass[3] =
                  SinkPasses.sdk(kinesis, bootstrap, sinkTopic, "bench-sink-sdk-" + r, records);
              cpu.print(out, r, "sink sdk", records);
            }
          }
          out.printf(
              Locale.ROOT,
              "round %d: source connect %,.0f rec/s, sdk GetRecords %,.0f rec/s, plain copier"
                  + " %,.0f rec/s; sink connect %,.0f rec/s, sdk PutRecords %,.0f rec/s%n",
              r,
              pass[0].recordsPerSecond(),
              pass[1].recordsPerSecond(),
              copier[r].recordsPerSecond(),
              pass[2].recordsPerSecond(),
              pass[3].recordsPerSecond());
          if (r == 0) {
            out.println("round 0 was the warm-up: not counted");
            continue;
          }
          for (int i = 0; i < 4; i++) {
            best[i] = best[i] == null ? pass[i] : Throughput.faster(best[i], pass[i]);
          }
          bestCopier = bestCopier == null ? copier[r] : Throughput.faster(bestCopier, copier[r]);
        }
        // Not a target: how far Connect is from the least code doing the source's whole work.
        out.printf(
            Locale.ROOT,
            "source connect vs a plain GetRecords -> KafkaProducer copier (same records, headers and"
                + " producer settings): %,.0f vs %,.0f rec/s, %.2f%n",
            best[0].recordsPerSecond(),
            bestCopier.recordsPerSecond(),
            best[0].recordsPerSecond() / bestCopier.recordsPerSecond());
        // The copier does the least any source must do (read, then write into Kafka), so its
        // ratio to the drain bounds the source's on this machine, whatever the connector costs.
        out.printf(
            Locale.ROOT,
            "plain copier vs the GetRecords drain: %,.0f vs %,.0f rec/s, %.2f: the most any source"
                + " can reach here (it reads what the drain reads, then writes it into Kafka on the"
                + " same cores)%n",
            bestCopier.recordsPerSecond(),
            best[1].recordsPerSecond(),
            bestCopier.recordsPerSecond() / best[1].recordsPerSecond());
        return new Report(
            "connect",
            "aws-sdk",
            rounds == 1 ? "1 round" : "best of " + rounds + " rounds per side",
            List.of(
                new Comparison("source", best[0], best[1]),
                new Comparison("sink", best[2], best[3])));
      }
    }
  }

  /**
   * CPU used during one pass, split between this JVM (the server and the SDK clients), the Connect
   * worker and the broker (the other child processes). Load from other processes on the machine
   * does not count, so per-record CPU compares better than records/s on a shared machine.
   */
  private record Cpu(CpuMeter.Snapshot start, long workerNanos, ConnectWorker worker) {
    static Cpu start(ConnectWorker worker) {
      return new Cpu(CpuMeter.snapshot(), worker.cpuNanos(), worker);
    }

    void print(PrintStream out, int round, String what, long records) {
      CpuMeter.Snapshot used = CpuMeter.snapshot().minus(start);
      long workerUsed = worker.cpuNanos() - workerNanos;
      long broker = used.childNanos() - workerUsed;
      out.printf(
          Locale.ROOT,
          "round %d %s: CPU us/record: server+sdk JVM %.2f, worker %.2f, broker %.2f, total %.2f%n",
          round,
          what,
          used.clientNanos() / 1e3 / records,
          workerUsed / 1e3 / records,
          broker / 1e3 / records,
          (used.clientNanos() + used.childNanos()) / 1e3 / records);
    }
  }
}
