package io.kinesisonkafka.embedded;

import java.util.stream.Collectors;

/**
 * A parent JVM for {@link OrphanBrokerIT}: starts a single-node cluster, prints {@code READY <data
 * dir> <broker pids>}, then waits to be killed. Closes the cluster itself after two minutes so that
 * a failed test leaves nothing behind.
 */
public final class OrphanProbe {

  private OrphanProbe() {}

  public static void main(String[] args) throws InterruptedException {
    try (EmbeddedKafkaCluster cluster =
        EmbeddedKafkaCluster.builder().heapMb(256).jvmOption("-XX:TieredStopAtLevel=1").build()) {
      cluster.start();
      String pids =
          ProcessHandle.current()
              .children()
              .map(p -> String.valueOf(p.pid()))
              .collect(Collectors.joining(","));
      System.out.println("READY " + cluster.dataDir() + " " + pids);
      System.out.flush();
      Thread.sleep(120_000);
    }
  }
}
