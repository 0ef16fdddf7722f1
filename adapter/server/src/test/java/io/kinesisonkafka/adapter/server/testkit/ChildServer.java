package io.kinesisonkafka.adapter.server.testkit;

import io.kinesisonkafka.adapter.server.Setting;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server instance in a child JVM ({@code io.kinesisonkafka.adapter.cli.Main} on this JVM's class
 * path), for tests that must kill one with SIGKILL: a thread in this JVM cannot die the way a
 * process does. Its output goes to a file under {@code target/}.
 */
public final class ChildServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path logFile;

  private ChildServer(Process process, int port, Path logFile) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
  }

  /**
   * Starts {@code Main} with these settings as flags (plus a free plain port and no TLS port) and
   * waits until its {@code /ready} answers 200.
   */
  public static ChildServer start(String name, Map<Setting, String> settings, Duration timeout) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.kinesisonkafka.adapter.cli.Main");
    settings.forEach((s, v) -> command.add(s.flag() + "=" + v));
    if (!settings.containsKey(Setting.STARTUP_WARMUP_RECORDS)) {
      command.add(Setting.STARTUP_WARMUP_RECORDS.flag() + "=0"); // tests do not measure it
    }
    if (!settings.containsKey(Setting.STARTUP_WARMUP_KAFKA_RECORDS)) {
      command.add(Setting.STARTUP_WARMUP_KAFKA_RECORDS.flag() + "=0");
    }
    command.add(Setting.PORT.flag() + "=" + port);
    command.add(Setting.TLS_PORT.flag() + "=-1");
    Path log = Path.of("target", "child-server-" + name + "-" + port + ".log");
    try {
      Files.createDirectories(log.getParent());
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .directory(new File(System.getProperty("user.dir")))
              .start();
      ChildServer child = new ChildServer(p, port, log);
      child.awaitReady(timeout);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The child's plain HTTP endpoint. */
  public URI http() {
    return URI.create("http://localhost:" + port);
  }

  /** SIGKILL: no shutdown hook, no leaving heartbeat, requests in flight cut. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "child server exited with " + process.exitValue() + "; see " + logFile);
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(http().resolve("/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    kill();
    throw new IllegalStateException("child server not ready in " + timeout + "; see " + logFile);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
