package io.kinesisonkafka.bench.endpoint;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * This JVM's heap after a full collection: the used bytes, the live thread count and the class
 * histogram ({@code GC.class_histogram}, as {@code jcmd} prints it), to tell what a difference is
 * made of.
 *
 * @param usedBytes heap in use after a full GC
 * @param threads live threads
 * @param bytesByClass the histogram: shallow bytes of live instances per class
 * @param instancesByClass the histogram: live instances per class
 */
record HeapSnapshot(
    long usedBytes,
    int threads,
    Map<String, Long> bytesByClass,
    Map<String, Long> instancesByClass) {

  /** One class's growth between two snapshots. */
  record Growth(String className, long bytes, long instances) {}

  /** Collects garbage (the histogram runs a full GC, then two more) and measures. */
  static HeapSnapshot take() throws Exception {
    String histogram =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    Map<String, Long> bytes = new HashMap<>();
    Map<String, Long> instances = new HashMap<>();
    for (String line : histogram.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":") && Character.isDigit(f[0].charAt(0))) {
        bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
        instances.merge(f[3], Long.parseLong(f[1]), Long::sum);
      }
    }
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return new HeapSnapshot(
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
        ManagementFactory.getThreadMXBean().getThreadCount(),
        bytes,
        instances);
  }

  /** The classes that grew most in bytes since {@code earlier}, largest first. */
  List<Growth> topGrowth(HeapSnapshot earlier, int limit) {
    List<Growth> all = new ArrayList<>();
    for (Map.Entry<String, Long> e : bytesByClass.entrySet()) {
      long grew = e.getValue() - earlier.bytesByClass.getOrDefault(e.getKey(), 0L);
      long count =
          instancesByClass.get(e.getKey()) - earlier.instancesByClass.getOrDefault(e.getKey(), 0L);
      if (grew > 0) {
        all.add(new Growth(e.getKey(), grew, count));
      }
    }
    all.sort(Comparator.comparingLong(Growth::bytes).reversed());
    return all.subList(0, Math.min(limit, all.size()));
  }

  /** Growth in bytes since {@code earlier} per owner of the classes, largest first. */
  Map<String, Long> growthByOwner(HeapSnapshot earlier) {
    Map<String, Long> byOwner = new HashMap<>();
    for (Map.Entry<String, Long> e : bytesByClass.entrySet()) {
      long grew = e.getValue() - earlier.bytesByClass.getOrDefault(e.getKey(), 0L);
      byOwner.merge(owner(e.getKey()), grew, Long::sum);
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    byOwner.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private static String owner(String className) {
    if (className.startsWith("org.apache.kafka.")) {
      return "org.apache.kafka";
    }
    if (className.startsWith("io.kinesisonkafka.")) {
      return "io.kinesisonkafka";
    }
    if (className.startsWith("io.netty.")) {
      return "io.netty";
    }
    if (className.startsWith("software.amazon.")) {
      return "software.amazon";
    }
    return "JDK types (arrays, maps, strings; any owner)";
  }

  /** Live instances of one class now minus in {@code earlier}. */
  long instancesGrowth(HeapSnapshot earlier, String className) {
    return instancesByClass.getOrDefault(className, 0L)
        - earlier.instancesByClass.getOrDefault(className, 0L);
  }

  double usedMegabytes() {
    return usedBytes / 1e6;
  }
}
