package io.kinesisonkafka.bench.engine;

import io.kinesisonkafka.bench.CpuMeter;
import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.bench.engine.EngineBenchmark.RoundResult;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Runs one round: a new stream and topic, both sides put the same batches, then both drain what
 * they stored; the side that goes first alternates between rounds. Prints each pass.
 */
final class Rounds {
  private final PrintStream out;
  private final PutDriver driver;
  private final Workload workload;
  private final int shards;
  private final Side engine;
  private final Side raw;
  private int created;

  Rounds(PrintStream out, PutDriver driver, Workload workload, int shards, Side engine, Side raw) {
    this.out = out;
    this.driver = driver;
    this.workload = workload;
    this.shards = shards;
    this.engine = engine;
    this.raw = raw;
  }

  RoundResult run(String label, long batches, boolean engineFirst) throws Exception {
    created++;
    engine.prepare("bench-engine-" + created, shards);
    raw.prepare("bench-raw-" + created, shards);
    Side first = engineFirst ? engine : raw;
    Side second = engineFirst ? raw : engine;
    try {
      Throughput firstPut = put(label, first, batches);
      Throughput secondPut = put(label, second, batches);
      Throughput firstGet = get(label, first, firstPut);
      Throughput secondGet = get(label, second, secondPut);
      return engineFirst
          ? new RoundResult(firstPut, secondPut, firstGet, secondGet)
          : new RoundResult(secondPut, firstPut, secondGet, firstGet);
    } finally {
      engine.cleanup();
      raw.cleanup();
    }
  }

  private Throughput put(String label, Side side, long batches) throws Exception {
    settle();
    CpuMeter.Snapshot before = CpuMeter.snapshot();
    Throughput t = driver.run(side.sink(), workload, batches);
    print(label, "put", side, t, CpuMeter.snapshot().minus(before));
    return t;
  }

  private Throughput get(String label, Side side, Throughput put) throws Exception {
    settle();
    CpuMeter.Snapshot before = CpuMeter.snapshot();
    Throughput t = side.drain(put.records(), put.bytes());
    print(label, "get", side, t, CpuMeter.snapshot().minus(before));
    return t;
  }

  /** The same start for every pass: garbage from the previous pass collected, a short pause. */
  private static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(500);
  }

  /** One line per pass, with the CPU the clients (this JVM) and the broker used per record. */
  private void print(String label, String metric, Side side, Throughput t, CpuMeter.Snapshot cpu) {
    out.printf(
        Locale.ROOT,
        "%-8s %s %-13s %,10d records in %5.2f s: %,9.0f records/s %6.1f MB/s"
            + " | CPU us/record: clients %5.2f, broker %5.2f%n",
        label,
        metric,
        side.label(),
        t.records(),
        t.seconds(),
        t.recordsPerSecond(),
        t.megabytesPerSecond(),
        cpu.clientNanos() / 1e3 / t.records(),
        cpu.childNanos() / 1e3 / t.records());
    out.flush();
  }
}
