package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.bench.Throughput;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs throughput rounds: a new stream and topic per round; both targets put with one thread, then
 * with many, then both drain everything they stored. The target that goes first alternates between
 * rounds. Prints each pass with where its CPU went.
 */
final class Rounds {

  /** The measured passes of a round. */
  enum Pass {
    PUT_ONE,
    PUT_MANY,
    GET
  }

  /** Where a pass's CPU went, in µs per record. */
  record Cpu(double server, double clients, double jvm, double broker) {
    static Cpu of(CpuSplit.Snapshot cpu, long records) {
      return new Cpu(
          cpu.serverNanos() / 1e3 / records,
          cpu.clientNanos() / 1e3 / records,
          cpu.jvmNanos() / 1e3 / records,
          cpu.brokerNanos() / 1e3 / records);
    }

    double total() {
      return server + clients + jvm + broker;
    }
  }

  /** One round's CPU per record of a pass, on both targets. */
  record Budget(Pass pass, Cpu ours, Cpu baseline) {}

  /**
   * One round's figures per pass, for both targets, the server's CPU per record of our many-thread
   * PutRecords pass (µs; one per round, all rounds' once combined) and the CPU budgets of the
   * many-thread put and the drain (all rounds' once combined).
   */
  record Result(
      Map<Pass, Throughput> ours,
      Map<Pass, Throughput> baseline,
      List<Double> serverPutMicros,
      List<Budget> budgets) {

    /** Each target's faster figure per pass; the server's CPU figures of both. */
    Result bestWith(Result other) {
      Map<Pass, Throughput> o = new EnumMap<>(Pass.class);
      Map<Pass, Throughput> b = new EnumMap<>(Pass.class);
      for (Pass p : Pass.values()) {
        o.put(p, Throughput.faster(ours.get(p), other.ours.get(p)));
        b.put(p, Throughput.faster(baseline.get(p), other.baseline.get(p)));
      }
      List<Double> cpu = new ArrayList<>(serverPutMicros);
      cpu.addAll(other.serverPutMicros);
      List<Budget> all = new ArrayList<>(budgets);
      all.addAll(other.budgets);
      return new Result(o, b, List.copyOf(cpu), List.copyOf(all));
    }
  }

  private final PrintStream out;
  private final Payload payload;
  private final int shards;
  private final int threads;
  private final Target ours;
  private final Target baseline;
  private int created;
  private double serverPutMicros;
  private final Map<Target, Map<Pass, Cpu>> cpu = new HashMap<>();

  Rounds(PrintStream out, Payload payload, int shards, int threads, Target ours, Target baseline) {
    this.out = out;
    this.payload = payload;
    this.shards = shards;
    this.threads = threads;
    this.ours = ours;
    this.baseline = baseline;
  }

  Result run(String label, long oneThreadRecords, long manyThreadRecords, boolean oursFirst)
      throws Exception {
    created++;
    ours.prepare("bench-endpoint-" + created, shards);
    baseline.prepare("bench-endpoint-raw-" + created, shards);
    Target first = oursFirst ? ours : baseline;
    Target second = oursFirst ? baseline : ours;
    Map<Target, Map<Pass, Throughput>> results = Map.of(first, passes(), second, passes());
    long oneBatches = Payload.batchesFor(oneThreadRecords);
    long manyBatches = Payload.batchesFor(manyThreadRecords);
    try {
      for (Target t : new Target[] {first, second}) {
        results.get(t).put(Pass.PUT_ONE, put(label, t, oneBatches, 1));
      }
      for (Target t : new Target[] {first, second}) {
        results.get(t).put(Pass.PUT_MANY, put(label, t, manyBatches, threads));
      }
      for (Target t : new Target[] {first, second}) {
        Map<Pass, Throughput> r = results.get(t);
        long records = r.get(Pass.PUT_ONE).records() + r.get(Pass.PUT_MANY).records();
        long bytes = r.get(Pass.PUT_ONE).bytes() + r.get(Pass.PUT_MANY).bytes();
        r.put(Pass.GET, get(label, t, records, bytes));
      }
      List<Budget> budgets = new ArrayList<>();
      for (Pass p : List.of(Pass.PUT_MANY, Pass.GET)) {
        budgets.add(new Budget(p, cpu.get(ours).get(p), cpu.get(baseline).get(p)));
      }
      return new Result(
          results.get(ours), results.get(baseline), List.of(serverPutMicros), budgets);
    } finally {
      ours.cleanup();
      baseline.cleanup();
    }
  }

  private static Map<Pass, Throughput> passes() {
    return new EnumMap<>(Pass.class);
  }

  private Throughput put(String label, Target target, long batches, int putThreads)
      throws Exception {
    settle();
    CpuSplit.Snapshot before = CpuSplit.snapshot();
    Throughput t = PutPass.run(target, payload, batches, putThreads);
    CpuSplit.Snapshot spent = CpuSplit.snapshot().minus(before);
    print(label, "put x" + putThreads, target, t, spent);
    // the many-thread pass comes last
    cpu.computeIfAbsent(target, k -> new EnumMap<>(Pass.class))
        .put(Pass.PUT_MANY, Cpu.of(spent, t.records()));
    if (target == ours) {
      serverPutMicros = spent.serverNanos() / 1e3 / t.records();
    }
    return t;
  }

  private Throughput get(String label, Target target, long records, long bytes) throws Exception {
    settle();
    CpuSplit.Snapshot before = CpuSplit.snapshot();
    Throughput t = target.drain(records, bytes);
    CpuSplit.Snapshot spent = CpuSplit.snapshot().minus(before);
    print(label, "get", target, t, spent);
    cpu.computeIfAbsent(target, k -> new EnumMap<>(Pass.class))
        .put(Pass.GET, Cpu.of(spent, t.records()));
    return t;
  }

  /** The same start for every pass: garbage from the previous pass collected, a short pause. */
  private static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(500);
  }

  private void print(String label, String pass, Target t, Throughput r, CpuSplit.Snapshot cpu) {
    out.printf(
        Locale.ROOT,
        "%-8s %-6s %-13s %,9d records in %5.2f s: %,8.0f records/s %6.1f MB/s"
            + " | CPU us/record: server %5.2f, clients %5.2f, JVM %5.2f, broker %5.2f%n",
        label,
        pass,
        t.label(),
        r.records(),
        r.seconds(),
        r.recordsPerSecond(),
        r.megabytesPerSecond(),
        cpu.serverNanos() / 1e3 / r.records(),
        cpu.clientNanos() / 1e3 / r.records(),
        cpu.jvmNanos() / 1e3 / r.records(),
        cpu.brokerNanos() / 1e3 / r.records());
    out.flush();
  }
}
