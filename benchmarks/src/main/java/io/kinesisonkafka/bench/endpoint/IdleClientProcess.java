package io.kinesisonkafka.bench.endpoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
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

/** {@link IdleClients} in a child JVM on this JVM's class path, and its conversation. */
final class IdleClientProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final String EOF = "\u0000EOF";

  /** The child logs warnings to its standard error, keeping standard output for the protocol. */
  private static final String LOGBACK =
      "<configuration>\n"
          + "  <statusListener class=\"ch.qos.logback.core.status.NopStatusListener\"/>\n"
          + "  <appender name=\"ERR\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
          + "    <target>System.err</target>\n"
          + "    <encoder><pattern>%d %-5level %logger - %msg%n</pattern></encoder>\n"
          + "  </appender>\n"
          + "  <root level=\"WARN\"><appender-ref ref=\"ERR\"/></root>\n"
          + "</configuration>\n";

  private final Process process;
  private final Path stderr;
  private final Path logback;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private IdleClientProcess(Process process, Path stderr, Path logback) {
    this.process = process;
    this.stderr = stderr;
    this.logback = logback;
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
            "bench-idle-clients-out");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the child with one subscription per (consumer ARN, shard id) pair. */
  static IdleClientProcess start(
      URI endpoint, String stream, int iterators, List<String[]> subscriptions) throws IOException {
    Path logback = Files.createTempFile("bench-idle-clients", ".xml");
    Files.writeString(logback, LOGBACK, StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-Dlogback.configurationFile=" + logback);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(IdleClients.class.getName());
    command.add(endpoint.toString());
    command.add(stream);
    command.add(Integer.toString(iterators));
    for (String[] s : subscriptions) {
      command.add(s[0]);
      command.add(s[1]);
    }
    Path stderr = Files.createTempFile("bench-idle-clients", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
            .start();
    return new IdleClientProcess(process, stderr, logback);
  }

  /** Waits for {@code READY}. */
  void awaitReady() throws InterruptedException, IOException {
    String line = next(READY_TIMEOUT);
    if (line == null || !line.startsWith("READY")) {
      throw failure("not ready: " + line);
    }
  }

  /** Ends the hold; returns the heartbeat events the subscriptions received meanwhile. */
  long release() throws InterruptedException, IOException {
    process.getOutputStream().close();
    String line = next(Duration.ofSeconds(30));
    if (line == null || !line.startsWith("EVENTS ")) {
      throw failure("while held: " + line);
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return Long.parseLong(line.substring("EVENTS ".length()).trim());
  }

  /** The next line of the protocol (an upper-case word first), skipping anything else. */
  private String next(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || EOF.equals(line)) {
        return null;
      }
      if (line.matches("(READY|EVENTS|FAILED)( .*)?")) {
        return line;
      }
    }
  }

  private IllegalStateException failure(String what) throws IOException {
    List<String> log = Files.readAllLines(stderr, StandardCharsets.UTF_8);
    String tail = String.join("\n", log.subList(Math.max(0, log.size() - 20), log.size()));
    return new IllegalStateException("idle clients " + what + "\n" + tail);
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(stderr);
    Files.deleteIfExists(logback);
  }
}
