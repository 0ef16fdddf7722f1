package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.bench.CpuMeter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a pass spent the machine's CPU: the server's threads (named {@code kinesis-*} by the
 * server, the engine's Kafka clients and the catalog reader), the clients (the benchmark's own
 * threads, which make the SDK or kafka-clients calls, and the clients' I/O threads), the rest of
 * this JVM (garbage collection, the JIT compilers and the VM's own threads, which the JVM does not
 * list), and the broker process. The benchmark's threads end before a pass's last snapshot, so each
 * adds its CPU time to {@link #addCurrentThread()} as it ends.
 */
final class CpuSplit {
  private static final AtomicLong ENDED_THREADS = new AtomicLong();

  /** CPU nanoseconds so far. */
  record Snapshot(CpuMeter.Snapshot process, long serverNanos, long clientNanos) {

    Snapshot minus(Snapshot earlier) {
      return new Snapshot(
          process.minus(earlier.process),
          serverNanos - earlier.serverNanos,
          clientNanos - earlier.clientNanos);
    }

    /**
     * This JVM's CPU outside its listed threads: garbage collection, JIT, the VM itself (at least
     * 0: process and thread times are read at slightly different instants).
     */
    long jvmNanos() {
      return Math.max(0, process.clientNanos() - serverNanos - clientNanos);
    }

    long brokerNanos() {
      return process.childNanos();
    }
  }

  private CpuSplit() {}

  /** Called by a benchmark thread as it ends, so its CPU time is not lost. */
  static void addCurrentThread() {
    long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    if (cpu > 0) {
      ENDED_THREADS.addAndGet(cpu);
    }
  }

  static Snapshot snapshot() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long server = 0;
    long clients = ENDED_THREADS.get();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      String name = info.getThreadName();
      if (isServer(name)) {
        server += cpu;
      } else if (!name.startsWith("bench-")) {
        // the clients' I/O threads and everything else listed; live benchmark threads are
        // counted when they end
        clients += cpu;
      }
    }
    return new Snapshot(CpuMeter.snapshot(), server, clients);
  }

  private static boolean isServer(String name) {
    return name.contains("kinesis-") || name.equals("catalog-reader");
  }
}
