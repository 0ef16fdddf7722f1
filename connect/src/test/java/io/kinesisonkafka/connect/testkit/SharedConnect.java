package io.kinesisonkafka.connect.testkit;

import io.kinesisonkafka.embedded.SharedKafka;
import java.util.Map;

/**
 * One distributed Connect cluster of two workers per test JVM, exactly-once source support enabled,
 * on the shared broker: the test classes that need no other worker settings share it (a cluster
 * takes seconds to start on a busy machine). Stopped when the JVM exits.
 */
public final class SharedConnect {
  private static ConnectCluster cluster;

  private SharedConnect() {}

  /** The shared cluster, started on first use; a test that kills a worker replaces it. */
  public static synchronized ConnectCluster exactlyOnce() {
    if (cluster == null) {
      cluster =
          ConnectCluster.start(
              "shared-eos-" + ProcessHandle.current().pid(),
              SharedKafka.bootstrapServers(),
              2,
              Map.of("exactly.once.source.support", "enabled"));
      ConnectCluster started = cluster;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "connect-cluster-stop"));
    }
    return cluster;
  }
}
