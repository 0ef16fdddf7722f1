package io.kinesisonkafka.connect.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A distributed Kafka Connect cluster: each worker a child JVM running {@code
 * org.apache.kafka.connect.cli.ConnectDistributed} from connect-runtime's main jar, with the plugin
 * that {@code package} built (target/plugin) on its {@code plugin.path} and this module's classes
 * off its class path, so the workers load the connectors the way a user's cluster does. Logs go to
 * target/connect-worker-*.log. Each worker serves JMX (no authentication, no TLS) on a port of its
 * own, so that tests read the metrics Connect's JmxReporter registers (domain {@code
 * kafka.connect}).
 */
public final class ConnectCluster implements AutoCloseable {
  /** A running worker. */
  public static final class Worker {
    final Process process;
    final int port;
    final int jmxPort;
    final Path log;

    /** Connected on the first {@link #jmx()}; closed with the worker. */
    private JMXConnector jmx;

    Worker(Process process, int port, int jmxPort, Path log) {
      this.process = process;
      this.port = port;
      this.jmxPort = jmxPort;
      this.log = log;
    }

    public int port() {
      return port;
    }

    /** The worker's platform MBean server, through its JMX port; connected on first use. */
    public synchronized MBeanServerConnection jmx() {
      try {
        if (jmx == null) {
          jmx =
              JMXConnectorFactory.connect(
                  new JMXServiceURL(
                      "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        }
        return jmx.getMBeanServerConnection();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "JMX of the worker on port " + port + " (JMX port " + jmxPort + ")", e);
      }
    }

    synchronized void closeJmx() {
      if (jmx != null) {
        try {
          jmx.close();
        } catch (IOException e) {
          // The worker is going away: nothing to close on its side.
        }
        jmx = null;
      }
    }

    public boolean alive() {
      return process.isAlive();
    }

    /** SIGKILL: no shutdown, no leaving the group, no last offset commit. */
    public void kill() {
      closeJmx();
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private final String name;
  private final Map<String, String> extra;
  private final String bootstrap;
  private final List<Worker> workers = new ArrayList<>();

  private ConnectCluster(String name, String bootstrap, Map<String, String> extra) {
    this.name = name;
    this.bootstrap = bootstrap;
    this.extra = extra;
  }

  /**
   * Starts {@code count} workers of one group and waits until each serves its REST API.
   *
   * @param extra worker properties on top of the defaults, e.g. {@code exactly.once.source.support}
   */
  public static ConnectCluster start(
      String name, String bootstrap, int count, Map<String, String> extra) {
    ConnectCluster cluster = new ConnectCluster(name, bootstrap, extra);
    try {
      for (int i = 0; i < count; i++) {
        cluster.workers.add(cluster.launch(i));
      }
      for (Worker w : cluster.workers) {
        cluster.awaitUp(w, Duration.ofSeconds(120));
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The REST API of a live worker. */
  public ConnectRest rest() {
    for (Worker w : workers) {
      if (w.alive()) {
        return new ConnectRest(w.port);
      }
    }
    throw new IllegalStateException("no worker alive in " + name);
  }

  public List<Worker> workers() {
    return workers;
  }

  /**
   * The attribute {@code attribute} of every MBean matching {@code pattern} on every live worker,
   * by name: for MBeans whose names differ across workers, such as a task's metrics (tagged with
   * connector and task). An MBean without the attribute is left out.
   */
  public Map<ObjectName, Object> attributes(ObjectName pattern, String attribute) {
    Map<ObjectName, Object> values = new TreeMap<>();
    for (Worker w : workers) {
      if (!w.alive()) {
        continue;
      }
      MBeanServerConnection jmx = w.jmx();
      try {
        for (ObjectName name : jmx.queryNames(pattern, null)) {
          try {
            values.put(name, jmx.getAttribute(name, attribute));
          } catch (JMException e) {
            // Unregistered since listed, or without the attribute.
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + pattern + " on worker " + w.port, e);
      }
    }
    return values;
  }

  /** Starts a worker in place of a dead one and waits until it serves. */
  public Worker replace(Worker dead) {
    int index = workers.indexOf(dead);
    Worker w = launch(workers.size() + index * 100);
    workers.set(index, w);
    awaitUp(w, Duration.ofSeconds(120));
    return w;
  }

  private Worker launch(int index) {
    int port = freePort();
    int jmxPort = freePort();
    Path dir = Path.of("target", "connect-" + name).toAbsolutePath();
    Path plugins = Path.of("target", "plugin").toAbsolutePath();
    if (!Files.isDirectory(plugins.resolve("kinesis-kafka-connect"))) {
      throw new IllegalStateException(
          plugins + "/kinesis-kafka-connect is missing: run the build's package phase first");
    }
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", bootstrap);
    p.setProperty("group.id", "connect-" + name);
    p.setProperty("config.storage.topic", "connect-" + name + "-configs");
    p.setProperty("offset.storage.topic", "connect-" + name + "-offsets");
    p.setProperty("status.storage.topic", "connect-" + name + "-status");
    p.setProperty("config.storage.replication.factor", "1");
    p.setProperty("offset.storage.replication.factor", "1");
    p.setProperty("status.storage.replication.factor", "1");
    p.setProperty("offset.storage.partitions", "5");
    p.setProperty("status.storage.partitions", "1");
    p.setProperty("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    p.setProperty("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    p.setProperty("plugin.path", plugins.toString());
    p.setProperty("plugin.discovery", "service_load");
    p.setProperty("listeners", "http://localhost:" + port);
    p.setProperty("rest.advertised.host.name", "localhost");
    p.setProperty("offset.flush.interval.ms", "1000");
    p.setProperty("scheduled.rebalance.max.delay.ms", "3000");
    p.setProperty("session.timeout.ms", "10000");
    p.setProperty("heartbeat.interval.ms", "2000");
    p.setProperty("task.shutdown.graceful.timeout.ms", "5000");
    p.setProperty("consumer.max.poll.interval.ms", "300000");
    extra.forEach(p::setProperty);
    try {
      Files.createDirectories(dir);
      Path props = dir.resolve("worker-" + index + ".properties");
      try (var out = Files.newOutputStream(props)) {
        p.store(out, "worker " + index + " of " + name);
      }
      Path logConfig = Path.of("target", "test-classes", "connect-worker-logback.xml");
      Path log = Path.of("target", "connect-worker-" + name + "-" + index + ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx384m");
      command.add("-XX:+UseSerialGC");
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-Dlogback.configurationFile=" + logConfig.toAbsolutePath());
      command.add("-Dcom.sun.management.jmxremote.port=" + jmxPort);
      command.add("-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort);
      command.add("-Dcom.sun.management.jmxremote.authenticate=false");
      command.add("-Dcom.sun.management.jmxremote.ssl=false");
      command.add("-Dcom.sun.management.jmxremote.local.only=false");
      command.add("-Djava.rmi.server.hostname=127.0.0.1");
      command.add("-cp");
      command.add(workerClassPath());
      command.add("org.apache.kafka.connect.cli.ConnectDistributed");
      command.add(props.toString());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .directory(new File(System.getProperty("user.dir")))
              .start();
      return new Worker(process, port, jmxPort, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The test class path without this module's own classes: the plugin comes from plugin.path. */
  private static String workerClassPath() {
    String own = Path.of("target").toAbsolutePath().toString();
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !Path.of(e).toAbsolutePath().toString().startsWith(own))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private void awaitUp(Worker w, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ConnectRest rest = new ConnectRest(w.port);
    while (System.nanoTime() < deadline) {
      if (!w.alive()) {
        throw new IllegalStateException("worker exited; its log:\n" + tail(w.log));
      }
      if (rest.up()) {
        return;
      }
      sleep(250);
    }
    throw new IllegalStateException(
        "worker did not serve in " + timeout + "; log:\n" + tail(w.log));
  }

  /** The last lines of a worker's log. */
  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    for (Worker w : workers) {
      w.closeJmx();
      w.process.destroy();
    }
    for (Worker w : workers) {
      try {
        if (!w.process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
          w.kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
