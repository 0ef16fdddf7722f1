package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.bench.SdkClients;
import io.kinesisonkafka.bench.Throughput;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * What a user who tries the server first sees: the server started fresh as its own process ({@code
 * java -jar kinesis-on-kafka.jar}, as the README starts it, with the given JVM options) on the
 * benchmark's broker, a stream created, and then the first {@code records} records put through the
 * same PutRecords driver as the steady rounds, timed from the first call. The child gets a catalog
 * topic and topic prefix of its own, so that it starts with an empty catalog like a new install.
 */
final class ColdStart {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final java.util.concurrent.atomic.AtomicInteger STARTS =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final Pattern PORT = Pattern.compile("http://localhost:(\\d+)");

  /** The cold pass, what the child's start took, and the CPU the child spent during the pass. */
  record Result(
      Throughput cold, double startSeconds, double readySeconds, double childCpuSeconds) {}

  /** The JVM options the README suggests for a fast start, besides the archive. */
  static final List<String> TUNED_OPTIONS = List.of("-XX:CompileThresholdScaling=0.25");

  private ColdStart() {}

  /**
   * A start that writes an application class-data archive ({@code -XX:ArchiveClassesAtExit}, put
   * {@code records / 5} records, then stopped), then the measured start with that archive and
   * {@link #TUNED_OPTIONS}.
   */
  static Result tuned(
      PrintStream out,
      String bootstrapServers,
      Payload payload,
      int shards,
      int threads,
      long records)
      throws Exception {
    Path archive = Files.createTempFile("kinesis-on-kafka", ".jsa");
    Files.delete(archive);
    try {
      run(
          out,
          bootstrapServers,
          payload,
          shards,
          threads,
          Math.max(500, records / 5),
          List.of("-XX:ArchiveClassesAtExit=" + archive));
      if (!Files.isRegularFile(archive)) {
        throw new IllegalStateException("the JVM wrote no class-data archive at " + archive);
      }
      out.printf(
          Locale.ROOT,
          "cold start: class-data archive of %,d bytes written%n",
          Files.size(archive));
      List<String> options = new ArrayList<>();
      options.add("-XX:SharedArchiveFile=" + archive);
      options.addAll(TUNED_OPTIONS);
      return run(out, bootstrapServers, payload, shards, threads, records, options);
    } finally {
      Files.deleteIfExists(archive);
    }
  }

  static Result run(
      PrintStream out,
      String bootstrapServers,
      Payload payload,
      int shards,
      int threads,
      long records,
      List<String> jvmOptions)
      throws Exception {
    Path jar = serverJar();
    String install = ProcessHandle.current().pid() + "-" + STARTS.incrementAndGet(); // a new one
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(
        List.of(
            "--kafka-bootstrap-servers",
            bootstrapServers,
            "--port",
            "0",
            "--tls-port",
            "-1",
            "--limits-enabled",
            "false",
            // Kafka calls at start (creating the catalog topic) may take a while on a busy
            // machine; the default 5 s made the start fail there. No effect on a healthy one.
            "--request-timeout-ms",
            "30000",
            "--topic-prefix",
            "bench-cold-" + install + ".",
            "--catalog-topic",
            "__bench_cold_catalog_" + install));
    out.println("cold start: " + String.join(" ", command));
    out.flush();
    Path log = Files.createTempFile("bench-cold-server", ".log");
    long begin = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    try {
      int port = awaitPort(process, log);
      double startSeconds = (System.nanoTime() - begin) / 1e9;
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      awaitReady(endpoint, process, log);
      double readySeconds = (System.nanoTime() - begin) / 1e9;
      try (KinesisClient sync = SdkClients.sync(endpoint, Math.max(16, 2 * threads))) {
        SdkTarget target = new SdkTarget(sync);
        target.prepare("bench-cold", shards);
        long cpuBefore = cpuNanos(process);
        java.time.Instant began = java.time.Instant.now();
        Throughput cold = PutPass.run(target, payload, Payload.batchesFor(records), threads);
        double cpu = (cpuNanos(process) - cpuBefore) / 1e9;
        // -Dbench.cold.passes=N: N passes on the fresh server, to see how fast it converges
        for (int pass = 2; pass <= Integer.getInteger("bench.cold.passes", 1); pass++) {
          if (pass == 2) {
            out.printf("cold start: pass 1 from %s to %s%n", began, java.time.Instant.now());
          }
          long before = cpuNanos(process);
          java.time.Instant from = java.time.Instant.now();
          Throughput next = PutPass.run(target, payload, Payload.batchesFor(records), threads);
          out.printf(
              Locale.ROOT,
              "cold start: pass %d: %,.0f records/s, the server process's CPU %.1f us/record"
                  + " (from %s to %s)%n",
              pass,
              next.recordsPerSecond(),
              (cpuNanos(process) - before) / 1e3 / next.records(),
              from,
              java.time.Instant.now());
        }
        return new Result(cold, startSeconds, readySeconds, cpu);
      }
    } catch (RuntimeException | IOException e) {
      throw new IllegalStateException("cold server: " + e.getMessage() + "\n" + tail(log), e);
    } finally {
      process.destroy();
      // A JVM writing its class-data archive at exit takes a while on a busy machine.
      if (!process.waitFor(jvmOptions.isEmpty() ? 30 : 180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(log);
    }
  }

  /** The runnable server jar: on this benchmark's class path, or where the build puts it. */
  private static Path serverJar() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith("kinesis-on-kafka.jar")) {
        return Paths.get(entry);
      }
    }
    Path built = Paths.get("adapter", "server", "target", "kinesis-on-kafka.jar");
    if (Files.isRegularFile(built)) {
      return built.toAbsolutePath();
    }
    throw new IllegalStateException("kinesis-on-kafka.jar not found; build adapter/server first");
  }

  /** Waits for the line the server prints once it listens, and reads its port from it. */
  private static int awaitPort(Process process, Path log) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith("Kinesis endpoint on Kafka")) {
          Matcher m = PORT.matcher(line);
          if (m.find()) {
            return Integer.parseInt(m.group(1));
          }
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("exited with " + process.exitValue());
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no port after " + START_TIMEOUT);
  }

  private static void awaitReady(URI endpoint, Process process, Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest ready = HttpRequest.newBuilder(endpoint.resolve("/ready")).GET().build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("exited with " + process.exitValue());
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("not ready after " + START_TIMEOUT);
  }

  /** The child's CPU time so far (user + system, from /proc), or 0 where that is not readable. */
  private static long cpuNanos(Process process) {
    Path stat = Paths.get("/proc", Long.toString(process.pid()), "stat");
    try {
      String s = Files.readString(stat, StandardCharsets.US_ASCII);
      String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 10_000_000L; // USER_HZ 100
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines =
          Files.readAllLines(log, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.contains("[cds]")) // archiving notes, not the failure
              .toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static void print(PrintStream out, String variant, Result r, Throughput steady) {
    out.printf(
        Locale.ROOT,
        "cold start: %slistening after %.1f s, ready after %.1f s; the first %,d records: %.2f s,"
            + " %,.0f records/s (%.2f of the steady round's %,.0f), the server process's CPU"
            + " %.1f us/record%n",
        variant,
        r.startSeconds(),
        r.readySeconds(),
        r.cold().records(),
        r.cold().seconds(),
        r.cold().recordsPerSecond(),
        r.cold().recordsPerSecond() / steady.recordsPerSecond(),
        steady.recordsPerSecond(),
        r.childCpuSeconds() * 1e6 / r.cold().records());
    out.flush();
  }
}
