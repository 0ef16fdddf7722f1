package io.kinesisonkafka.embedded.internals;

import io.kinesisonkafka.embedded.EmbeddedKafkaException;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One node of an embedded cluster: its directory, configuration files and broker process.
 *
 * <p>Why a separate JVM per node: a real broker with its own heap, threads and exit, which a test
 * can stop gracefully or kill like a machine failure, and whose logs stay out of the test output.
 * The process's stdout and stderr go straight to {@code console.log} in the node directory (no pump
 * thread), broker logging goes through logback at WARN to {@code server.log}, and the parent keeps
 * the process's stdin open so that {@link BrokerMain} exits when the parent dies.
 *
 * <p>Not thread-safe: the owning cluster serialises calls.
 */
public final class BrokerNode {

  /** Name of the file, in the node directory, that the broker's loggers write to. */
  public static final String SERVER_LOG = "server.log";

  /** Name of the file, in the node directory, that takes the JVM's stdout and stderr. */
  public static final String CONSOLE_LOG = "console.log";

  private final int nodeId;
  private final Path dir;
  private final int brokerPort;
  private final int controllerPort;
  private Process process;

  /**
   * @param nodeId Kafka {@code node.id}
   * @param dir the node's own directory (configuration, logs, and {@code data/})
   * @param brokerPort port of the PLAINTEXT listener
   * @param controllerPort port of the CONTROLLER listener
   */
  public BrokerNode(int nodeId, Path dir, int brokerPort, int controllerPort) {
    this.nodeId = nodeId;
    this.dir = dir;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
  }

  /** Kafka {@code node.id}. */
  public int nodeId() {
    return nodeId;
  }

  /** {@code host:port} of the client listener. */
  public String bootstrapAddress() {
    return "127.0.0.1:" + brokerPort;
  }

  /** {@code id@host:port} entry of this node in {@code controller.quorum.voters}. */
  public String voter() {
    return nodeId + "@127.0.0.1:" + controllerPort;
  }

  /**
   * Writes {@code server.properties} and {@code logback.xml} into the node directory.
   *
   * @param voters value of {@code controller.quorum.voters}
   * @param settings cluster-wide settings, applied after the node-specific ones so that they win
   */
  public void writeConfig(String voters, Map<String, String> settings) {
    StringBuilder props = new StringBuilder();
    props.append("process.roles=broker,controller\n");
    props.append("node.id=").append(nodeId).append('\n');
    props.append("controller.quorum.voters=").append(voters).append('\n');
    props
        .append("listeners=PLAINTEXT://")
        .append(bootstrapAddress())
        .append(",CONTROLLER://127.0.0.1:")
        .append(controllerPort)
        .append('\n');
    props.append("advertised.listeners=PLAINTEXT://").append(bootstrapAddress()).append('\n');
    props.append("controller.listener.names=CONTROLLER\n");
    props.append("inter.broker.listener.name=PLAINTEXT\n");
    props.append("listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT\n");
    props.append("log.dirs=").append(escapeProperty(dir.resolve("data").toString())).append('\n');
    settings.forEach(
        (key, value) -> props.append(key).append('=').append(escapeProperty(value)).append('\n'));

    String logback =
        "<configuration>\n"
            + "  <appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">\n"
            + "    <file>"
            + escapeXml(dir.resolve(SERVER_LOG).toString())
            + "</file>\n"
            + "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n"
            + "</pattern></encoder>\n"
            + "  </appender>\n"
            + "  <root level=\"WARN\"><appender-ref ref=\"FILE\"/></root>\n"
            + "</configuration>\n";
    try {
      Files.createDirectories(dir);
      Files.writeString(serverProperties(), props, StandardCharsets.UTF_8);
      Files.writeString(logbackXml(), logback, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the configuration of node " + nodeId, e);
    }
  }

  /**
   * Forks the broker JVM. Returns at once; see {@link #awaitListening(Instant, Runnable)}.
   *
   * @param clusterId cluster id used to format storage (ignored if already formatted)
   * @param heapMb maximum heap of the broker JVM
   * @param jvmOptions further JVM options, after the defaults
   * @throws IllegalStateException if the process is still running
   */
  public void start(String clusterId, int heapMb, List<String> jvmOptions) {
    if (isAlive()) {
      throw new IllegalStateException("node " + nodeId + " is already running");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heapMb + "m");
    command.add("-XX:+UseG1GC");
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Djava.awt.headless=true");
    command.add("-Dlogback.configurationFile=" + logbackXml());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(absoluteClassPath());
    command.add(BrokerMain.class.getName());
    command.add(serverProperties().toString());
    command.add(clusterId);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(CONSOLE_LOG).toFile()));
    // stdin stays a pipe held by this JVM: BrokerMain exits when it reaches end of file.
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new EmbeddedKafkaException("cannot start the JVM of node " + nodeId, e);
    }
  }

  /** Whether the broker process is running. */
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The running broker process, for inspection. */
  public ProcessHandle processHandle() {
    if (process == null) {
      throw new IllegalStateException("node " + nodeId + " was never started");
    }
    return process.toHandle();
  }

  /**
   * Throws if the broker process has exited; see {@link #logTail()} for why.
   *
   * @throws EmbeddedKafkaException if the process is not running
   */
  public void failIfDead() {
    if (process != null && !process.isAlive()) {
      throw new EmbeddedKafkaException(
          "broker node "
              + nodeId
              + " exited with code "
              + process.exitValue()
              + " (see its log tail below)");
    }
  }

  /** Waits until the client listener accepts TCP connections. */
  public void awaitListening(Instant deadline, Runnable stillAlive) {
    Await.until(
        "node " + nodeId + " to listen on " + bootstrapAddress(),
        deadline,
        stillAlive,
        () -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", brokerPort), 500);
            return java.util.Optional.of(Boolean.TRUE);
          }
        });
  }

  /** Sends SIGTERM (Kafka's controlled shutdown) and returns at once. */
  public void terminate() {
    if (isAlive()) {
      process.destroy();
    }
  }

  /**
   * Waits for the process to exit until {@code deadline}, then kills it.
   *
   * @return whether it exited by itself before the deadline
   */
  public boolean awaitExitOrKill(Instant deadline) {
    if (process == null) {
      return true;
    }
    boolean exited = waitFor(Duration.between(Instant.now(), deadline));
    if (!exited) {
      kill();
    }
    return exited;
  }

  /** Sends SIGKILL, like a machine failing, and waits until the process is gone. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    if (!waitFor(Duration.ofSeconds(30))) {
      throw new EmbeddedKafkaException("node " + nodeId + " survived SIGKILL for 30 s");
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** The last lines of the node's server log and console output, for error messages. */
  public String logTail() {
    return "--- node "
        + nodeId
        + " "
        + SERVER_LOG
        + " (tail) ---\n"
        + tail(dir.resolve(SERVER_LOG))
        + "--- node "
        + nodeId
        + " "
        + CONSOLE_LOG
        + " (tail) ---\n"
        + tail(dir.resolve(CONSOLE_LOG));
  }

  private static String tail(Path file) {
    if (!Files.isRegularFile(file)) {
      return "(none)\n";
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(length, 6_000);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      return text.endsWith("\n") ? text : text + "\n";
    } catch (IOException e) {
      return "(unreadable: " + e + ")\n";
    }
  }

  /**
   * This JVM's class path with every entry made absolute, because the broker runs in the node
   * directory, where relative entries would point nowhere.
   */
  private static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private Path serverProperties() {
    return dir.resolve("server.properties");
  }

  private Path logbackXml() {
    return dir.resolve("logback.xml");
  }

  private static String escapeProperty(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String escapeXml(String value) {
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
