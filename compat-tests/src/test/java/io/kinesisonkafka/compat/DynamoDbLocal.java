package io.kinesisonkafka.compat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB Local, in memory, in a JVM of its own: it bundles SDK v1, an older SDK v2 and Jetty 12,
 * which must not meet the KCL's class path. The build copies its jars to {@code
 * target/dynamodb-local/lib} and sqlite4java's native library, without its version, to {@code
 * target/dynamodb-local/native} (pre-integration-test).
 */
final class DynamoDbLocal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DynamoDbLocal.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Thread reaper;

  private DynamoDbLocal(Process process, int port) {
    this.process = process;
    this.port = port;
    this.reaper = new Thread(process::destroyForcibly, "dynamodb-local-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  static DynamoDbLocal start() {
    Path home = Path.of(System.getProperty("dynamodb.local.dir", "target/dynamodb-local"));
    Path lib = home.resolve("lib");
    Path nativeLib = home.resolve("native").resolve("libsqlite4java-linux-amd64.so");
    if (!Files.isDirectory(lib) || !Files.isRegularFile(nativeLib)) {
      throw new IllegalStateException(
          "DynamoDB Local is not in "
              + home.toAbsolutePath()
              + ": run the tests through Maven (mvn verify), whose pre-integration-test phase"
              + " copies it there");
    }
    int port = LocalPorts.free();
    Path output = home.resolve("dynamodb-local-" + port + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-Dsqlite4java.library.path=" + nativeLib.getParent().toAbsolutePath(),
            "-cp",
            lib.toAbsolutePath() + File.separator + "*",
            "com.amazonaws.services.dynamodbv2.local.main.ServerRunner",
            "-inMemory",
            "-port",
            Integer.toString(port));
    long begun = System.nanoTime();
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              // It writes dynamodb-local-metadata.json into its working directory.
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start DynamoDB Local: " + command, e);
    }
    DynamoDbLocal started = new DynamoDbLocal(process, port);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!accepts(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        started.close();
        throw new IllegalStateException(
            "DynamoDB Local did not start on port " + port + "; its output is in " + output);
      }
      sleep(100);
    }
    log.info(
        "DynamoDB Local on port {} after {} ms", port, (System.nanoTime() - begun) / 1_000_000);
    return started;
  }

  URI endpoint() {
    return URI.create("http://localhost:" + port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook runs anyway and finds the process gone.
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for DynamoDB Local", e);
    }
  }
}
