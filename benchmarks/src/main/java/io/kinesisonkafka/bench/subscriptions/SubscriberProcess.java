package io.kinesisonkafka.bench.subscriptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@link Subscribers} in a child JVM on this JVM's class path, and its line protocol. */
final class SubscriberProcess implements AutoCloseable {
  private static final String EOF = "\u0000EOF";
  private static final String LOGBACK =
      "<configuration>\n"
          + "  <statusListener class=\"ch.qos.logback.core.status.NopStatusListener\"/>\n"
          + "  <appender name=\"ERR\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
          + "    <target>System.err</target>\n"
          + "    <encoder><pattern>%d %-5level %logger - %msg%n</pattern></encoder>\n"
          + "  </appender>\n"
          + "  <root level=\"WARN\"><appender-ref ref=\"ERR\"/></root>\n"
          + "</configuration>\n";

  /** What {@code READY} and {@code STATS} report. */
  record Ready(long heapBytes, int threads) {}

  /** One measurement window, as the child saw it. Latencies in microseconds. */
  record Stats(
      long deliveries,
      long events,
      long errors,
      long p50,
      long p99,
      long max,
      long heapBytes,
      int threads) {}

  private final Process process;
  private final List<Path> files;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private SubscriberProcess(Process process, List<Path> files, Path stderr) {
    this.process = process;
    this.files = files;
    this.stderr = stderr;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              } finally {
                lines.add(EOF);
              }
            },
            "bench-subscribers-out");
    reader.setDaemon(true);
    reader.start();
  }

  /** {@code mode} h2 (target host, port) or kafka (bootstrap, topic); one pair per subscription. */
  static SubscriberProcess start(
      String mode, String target1, String target2, List<String[]> pairs, int heapMb)
      throws IOException {
    Path logback = Files.createTempFile("bench-subscribers", ".xml");
    Files.writeString(logback, LOGBACK, StandardCharsets.UTF_8);
    Path pairFile = Files.createTempFile("bench-subscribers", ".txt");
    List<String> pairLines = new ArrayList<>(pairs.size());
    for (String[] p : pairs) {
      pairLines.add(p[0] + " " + p[1]);
    }
    Files.write(pairFile, pairLines, StandardCharsets.UTF_8);
    Path stderr = Files.createTempFile("bench-subscribers", ".log");
    List<String> command =
        List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + heapMb + "m",
            "-Xss256k",
            "-Dlogback.configurationFile=" + logback,
            "-cp",
            System.getProperty("java.class.path"),
            Subscribers.class.getName(),
            mode,
            target1,
            target2,
            pairFile.toString());
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
            .start();
    return new SubscriberProcess(process, List.of(logback, pairFile), stderr);
  }

  Ready awaitReady(Duration timeout) throws InterruptedException, IOException {
    String[] f = expect("READY", timeout);
    return new Ready(Long.parseLong(f[1]), Integer.parseInt(f[2]));
  }

  void measure() throws IOException {
    send("MEASURE");
  }

  Stats stats() throws InterruptedException, IOException {
    send("STATS");
    String[] f = expect("STATS", Duration.ofSeconds(60));
    return new Stats(
        Long.parseLong(f[1]),
        Long.parseLong(f[2]),
        Long.parseLong(f[3]),
        Long.parseLong(f[4]),
        Long.parseLong(f[5]),
        Long.parseLong(f[6]),
        Long.parseLong(f[7]),
        Integer.parseInt(f[8]));
  }

  private void send(String command) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  private String[] expect(String word, Duration timeout) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || EOF.equals(line) || line.startsWith("FAILED")) {
        List<String> log = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        String tail = String.join("\n", log.subList(Math.max(0, log.size() - 20), log.size()));
        throw new IllegalStateException(
            "subscribers: expected " + word + ", got " + line + "\n" + tail);
      }
      if (line.startsWith(word + " ")) {
        return line.split(" ");
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.getOutputStream().close();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(stderr);
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
  }
}
