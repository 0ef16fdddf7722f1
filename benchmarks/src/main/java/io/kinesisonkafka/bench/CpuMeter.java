package io.kinesisonkafka.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time used by this JVM (the clients) and by its child processes (an embedded broker), to tell
 * where a pass spent the machine's cores. Take a {@link #snapshot()} before and after a pass.
 */
public final class CpuMeter {

  /** CPU nanoseconds used so far by this process and by its descendants. */
  public record Snapshot(long clientNanos, long childNanos, long wallNanos) {

    /** What was used between {@code earlier} and this snapshot. */
    public Snapshot minus(Snapshot earlier) {
      return new Snapshot(
          clientNanos - earlier.clientNanos,
          childNanos - earlier.childNanos,
          wallNanos - earlier.wallNanos);
    }

    /** Cores busy on average: CPU time over wall time. */
    public double clientCores() {
      return (double) clientNanos / wallNanos;
    }

    public double childCores() {
      return (double) childNanos / wallNanos;
    }

    /** CPU per record in microseconds, in this JVM (the clients) and in the broker. */
    public String perRecord(long records) {
      return String.format(
          java.util.Locale.ROOT,
          "%.2f + broker %.2f us/rec",
          clientNanos / 1e3 / records,
          childNanos / 1e3 / records);
    }
  }

  private CpuMeter() {}

  public static Snapshot snapshot() {
    long children =
        ProcessHandle.current()
            .descendants()
            .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
            .sum();
    return new Snapshot(processCpuNanos(), children, System.nanoTime());
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }
}
