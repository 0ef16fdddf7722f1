package io.kinesisonkafka.bench.subscriptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The subscribers of one measurement, in a JVM of their own (so that their heap and threads are not
 * counted as the server's): {@code h2 <host> <port> <pairs file>} opens one SubscribeToShard per
 * line {@code <consumer ARN> <shard id>} over raw HTTP/2 ({@link H2Subscribers}); {@code kafka
 * <bootstrap> <topic> <pairs file>} gives each line a KafkaConsumer and a thread reading the
 * shard's partition ({@link RawConsumers}), the fan-out an application builds on Kafka alone.
 * Prints {@code READY <heap bytes> <threads>} (what the subscriptions added) once every
 * subscription is open, then answers {@code MEASURE} (start counting) and {@code STATS} (see {@link
 * Samples#stats}) on standard input until it ends.
 */
public final class Subscribers {
  private Subscribers() {}

  public static void main(String[] args) throws Exception {
    List<String[]> pairs =
        Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank())
            .map(l -> l.trim().split(" "))
            .toList();
    Samples samples = new Samples();
    long heapBefore = Samples.usedHeapAfterGc();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    AutoCloseable subscribers;
    try {
      subscribers =
          args[0].equals("h2")
              ? H2Subscribers.open(args[1], Integer.parseInt(args[2]), pairs, samples)
              : RawConsumers.open(args[1], args[2], pairs, samples);
    } catch (Exception e) {
      System.out.println("FAILED " + e);
      System.out.flush();
      e.printStackTrace();
      System.exit(1);
      return;
    }
    System.out.println(
        "READY "
            + (Samples.usedHeapAfterGc() - heapBefore)
            + " "
            + (ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore));
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals("MEASURE")) {
        samples.measure();
      } else if (line.equals("STATS")) {
        System.out.println(samples.stats());
        System.out.flush();
      }
    }
    try {
      subscribers.close();
    } finally {
      System.exit(0);
    }
  }
}
