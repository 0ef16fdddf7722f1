package io.kinesisonkafka.embedded.internals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Main class of a forked broker JVM: formats the node's storage, then runs {@code kafka.Kafka}.
 *
 * <p>Why a main of our own rather than {@code kafka.Kafka} directly: the parent holds the write end
 * of this process's stdin. When the parent dies, even by {@code kill -9}, the operating system
 * closes that pipe, {@link System#in} reaches end of file, and this process exits, so no orphan
 * broker keeps ports and disk. Formatting here rather than in the parent keeps Kafka's server
 * classes out of the parent JVM and lets the nodes of a cluster format in parallel.
 *
 * <p>Arguments: {@code <server.properties> <cluster id>}. Formatting uses {@code
 * --ignore-formatted}, so a restarted node keeps its data.
 */
public final class BrokerMain {

  /** How long the broker may take to shut down after its parent went away before it is halted. */
  private static final long ORPHAN_HALT_SECONDS = 15;

  private BrokerMain() {}

  /**
   * Formats storage and runs the broker until it is stopped or its parent goes away.
   *
   * @param args the server.properties path and the cluster id
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: BrokerMain <server.properties> <cluster id>");
      System.exit(2);
    }
    Path config = Path.of(args[0]);
    String clusterId = args[1];
    if (!Files.isRegularFile(config)) {
      System.err.println("no such file: " + config);
      System.exit(2);
    }
    exitWhenParentGoes(System.in);

    int formatted =
        kafka.tools.StorageTool.execute(
            new String[] {"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"},
            System.out);
    if (formatted != 0) {
      System.err.println("storage format failed with exit code " + formatted);
      System.exit(formatted);
    }
    kafka.Kafka.main(new String[] {config.toString()});
  }

  /**
   * Starts a daemon thread that blocks on {@code stdin} and exits the JVM at end of file. The exit
   * runs Kafka's shutdown hook; if that hangs (a quorum that lost its other members cannot approve
   * a controlled shutdown), a second daemon thread halts the JVM after {@value
   * #ORPHAN_HALT_SECONDS} seconds.
   */
  static void exitWhenParentGoes(InputStream stdin) {
    Thread watcher =
        new Thread(
            () -> {
              byte[] buffer = new byte[256];
              try {
                while (stdin.read(buffer) != -1) {
                  // The parent never writes; anything it does write is ignored.
                }
              } catch (IOException e) {
                // A broken pipe means the same as end of file: the parent is gone.
              }
              Thread halter =
                  new Thread(
                      () -> {
                        try {
                          TimeUnit.SECONDS.sleep(ORPHAN_HALT_SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        Runtime.getRuntime().halt(3);
                      },
                      "broker-orphan-halt");
              halter.setDaemon(true);
              halter.start();
              System.err.println("parent process went away (stdin closed); shutting down");
              System.exit(0);
            },
            "broker-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
