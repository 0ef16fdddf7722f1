package io.kinesisonkafka.connect.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kinesis-mock (etspaceman/kinesis-mock, npm package {@code kinesis-local}), an independent Kinesis
 * implementation, installed with npm into target/ and run with node as a child process. Tests skip,
 * visibly, where node or npm are missing or the package cannot be installed.
 */
public final class KinesisMock implements AutoCloseable {
  /** The npm package and version installed. */
  public static final String PACKAGE = "kinesis-local@0.6.2";

  private final Process process;
  private final int port;

  private KinesisMock(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Installs (once) and starts kinesis-mock on a free plain HTTP port; skips the test if it cannot.
   */
  public static KinesisMock start() throws Exception {
    assumeTrue(runs("node", "--version"), "node is not installed: kinesis-mock tests skipped");
    assumeTrue(runs("npm", "--version"), "npm is not installed: kinesis-mock tests skipped");
    Path dir = Path.of("target", "kinesis-mock").toAbsolutePath();
    Path main = dir.resolve("node_modules/kinesis-local/main.js");
    if (!Files.exists(main)) {
      Files.createDirectories(dir);
      Process npm =
          new ProcessBuilder(
                  "npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString(), PACKAGE)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("npm-install.log").toFile())
              .start();
      boolean done = npm.waitFor(180, TimeUnit.SECONDS);
      assumeTrue(
          done && npm.exitValue() == 0 && Files.exists(main),
          "npm install " + PACKAGE + " failed (offline?); see " + dir.resolve("npm-install.log"));
    }
    int port = freePort();
    int tlsPort = freePort();
    ProcessBuilder pb =
        new ProcessBuilder("node", main.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("kinesis-mock-" + port + ".log").toFile())
            .directory(main.getParent().toFile());
    pb.environment().put("KINESIS_MOCK_PLAIN_PORT", String.valueOf(port));
    pb.environment().put("KINESIS_MOCK_TLS_PORT", String.valueOf(tlsPort));
    pb.environment().put("LOG_LEVEL", "WARN");
    pb.environment().put("CREATE_STREAM_DURATION", "100ms");
    pb.environment().put("UPDATE_SHARD_COUNT_DURATION", "100ms");
    pb.environment().put("SHARD_LIMIT", "1000");
    Process process = pb.start();
    KinesisMock mock = new KinesisMock(process, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "kinesis-mock exited: "
                + Files.readString(dir.resolve("kinesis-mock-" + port + ".log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("localhost", port), 500);
        return mock;
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    mock.close();
    throw new IllegalStateException("kinesis-mock did not listen on " + port);
  }

  /** Its plain HTTP endpoint. */
  public URI endpoint() {
    return URI.create("http://localhost:" + port);
  }

  private static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
