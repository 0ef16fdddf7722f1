package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.bench.Throughput;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints what the harness's throughput table cannot hold: the latencies and the heap check as a
 * Markdown table, the classes whose heap grew, and each target of the issue as met or missed, by
 * how much.
 */
final class Summary {
  // Issue 18's targets (and the earlier p50 and SubscribeToShard ones it kept).

  /** PutRecords (many threads) at least this share of kafka-clients' records/s. */
  static final double PUT_TARGET = 0.45;

  /** GetRecords drain at least this share of a KafkaConsumer's records/s. */
  static final double GET_TARGET = 0.6;

  static final double PUT_RECORD_P50_MS = 1;
  static final double PUT_RECORD_P99_MS = 3;
  static final double SUBSCRIBE_P99_MS = 15;

  /** The server's CPU per record of the many-thread PutRecords pass, in µs, at most. */
  static final double SERVER_PUT_MICROS = 3;

  /** A fresh server's first records at least this share of the steady round's records/s. */
  static final double COLD_TARGET = 0.6;

  private static final String KAFKA_CONSUMER = "org.apache.kafka.clients.consumer.KafkaConsumer";

  private final PrintStream out;

  Summary(PrintStream out) {
    this.out = out;
  }

  void latencyAndHeap(LatencyFindings l, HeapCheck.Result heap) {
    out.println();
    out.println(
        "Latency (ms; server+sdk = this server through the SDK, kafka-clients for reference):");
    out.println();
    out.println("| metric | server+sdk | kafka-clients | target |");
    out.println("|---|---:|---:|---|");
    Latency subscribeOurs = l.subscribeOurs().latency();
    Latency subscribeRaw = l.subscribeRaw().latency();
    row("PutRecord p50", l.putOurs().p50Millis(), l.putRaw().p50Millis(), "≤ " + PUT_RECORD_P50_MS);
    row("PutRecord p99", l.putOurs().p99Millis(), l.putRaw().p99Millis(), "≤ " + PUT_RECORD_P99_MS);
    row("PutRecord max", l.putOurs().maxMillis(), l.putRaw().maxMillis(), "");
    row("SubscribeToShard end-to-end p50", subscribeOurs.p50Millis(), subscribeRaw.p50Millis(), "");
    row(
        "SubscribeToShard end-to-end p99",
        subscribeOurs.p99Millis(),
        subscribeRaw.p99Millis(),
        "≤ " + SUBSCRIBE_P99_MS);
    row("SubscribeToShard end-to-end max", subscribeOurs.maxMillis(), subscribeRaw.maxMillis(), "");
    breakdown(l);
    out.println();
    out.printf(
        Locale.ROOT,
        "Server heap (this JVM, used after a full GC; the clients run in a child JVM), %,d"
            + " iterators + %d idle subscriptions held %d s:%n%n",
        heap.iterators(),
        heap.subscriptions(),
        heap.hold().toSeconds());
    out.println("| phase | used heap MB | vs before MB | threads |");
    out.println("|---|---:|---:|---:|");
    heapRow("before", heap.before(), heap.before());
    heapRow("opened", heap.opened(), heap.before());
    for (int i = 0; i < heap.during().size(); i++) {
      heapRow(
          "held " + heap.hold().toSeconds() * (i + 1) / heap.during().size() + " s",
          heap.during().get(i),
          heap.before());
    }
    heapRow("closed", heap.closed(), heap.before());
    out.println();
    out.printf(
        Locale.ROOT,
        "idle subscriptions received %,d events (heartbeats) while held%n",
        heap.events());
    out.printf(
        Locale.ROOT,
        "KafkaConsumer instances %+d, threads %+d from before to held; after closing %+d and"
            + " %+d%n",
        heap.held().instancesGrowth(heap.before(), KAFKA_CONSUMER),
        heap.held().threads() - heap.before().threads(),
        heap.closed().instancesGrowth(heap.before(), KAFKA_CONSUMER),
        heap.closed().threads() - heap.before().threads());
    out.println("heap growth from before to held, by package of the class:");
    heap.growthByOwner()
        .forEach(
            (owner, bytes) -> out.printf(Locale.ROOT, "  %+10.1f KB  %s%n", bytes / 1e3, owner));
    out.println("largest heap growth from before to held, by class:");
    for (HeapSnapshot.Growth g : heap.growth()) {
      out.printf(
          Locale.ROOT,
          "  %+10.1f KB %+9d instances  %s%n",
          g.bytes() / 1e3,
          g.instances(),
          g.className());
    }
  }

  /** Where the latency goes: the SDK's own split, the server's timer, Kafka's share. */
  private void breakdown(LatencyFindings l) {
    out.println();
    out.println("Where a PutRecord's time goes (ms):");
    out.println();
    out.println("| part | p50 | p99 |");
    out.println("|---|---:|---:|");
    part("call as the application sees it (measured pass)", l.putOurs());
    Map<String, String> names =
        Map.of(
            "ApiCallDuration", "call, instrumented client (SDK ApiCallDuration)",
            "MarshallingDuration", "SDK: marshalling the request (CBOR)",
            "SigningDuration", "SDK: signing (SigV4, payload hashed)",
            "ServiceCallDuration", "HTTP round trip (SDK ServiceCallDuration)",
            "UnmarshallingDuration", "SDK: unmarshalling the response");
    l.sdkParts().forEach((name, latency) -> part(names.getOrDefault(name, name), latency));
    part("server: request read to response written (its timer; bucket bound)", l.serverPut());
    part("Kafka alone: KafkaProducer send to ack (same records)", l.putRaw());
    int rawCalls = l.putRaw().samples();
    out.printf(
        Locale.ROOT,
        "CPU per PutRecord (us): server %.0f, SDK client %.0f, JVM %.0f, broker %.0f;"
            + " per KafkaProducer send: clients %.0f, JVM %.0f, broker %.0f%n",
        l.putCpu().serverNanos() / 1e3 / l.putOurs().samples(),
        l.putCpu().clientNanos() / 1e3 / l.putOurs().samples(),
        l.putCpu().jvmNanos() / 1e3 / l.putOurs().samples(),
        l.putCpu().brokerNanos() / 1e3 / l.putOurs().samples(),
        l.putRawCpu().clientNanos() / 1e3 / rawCalls,
        l.putRawCpu().jvmNanos() / 1e3 / rawCalls,
        l.putRawCpu().brokerNanos() / 1e3 / rawCalls);
    out.printf(
        Locale.ROOT,
        "GC in this JVM (server and clients) during the measured PutRecord calls: %d collections,"
            + " %d ms; during the SubscribeToShard measurement: %d collections, %d ms%n",
        l.putGc().collections(),
        l.putGc().millis(),
        l.subscribeGc().collections(),
        l.subscribeGc().millis());
    out.println();
    out.printf(
        Locale.ROOT,
        "SubscribeToShard split (means, ms; the record's timestamp is set by the producer that"
            + " appends it, millisecond resolution): server+sdk: put call to append %.2f, append"
            + " to event in the subscriber %.2f; kafka-clients: send to append %.2f, append to"
            + " poll %.2f%n",
        l.subscribeOurs().toAppendMillis(),
        l.subscribeOurs().fromAppendMillis(),
        l.subscribeRaw().toAppendMillis(),
        l.subscribeRaw().fromAppendMillis());
  }

  private void part(String name, Latency latency) {
    out.printf(
        Locale.ROOT, "| %s | %.2f | %.2f |%n", name, latency.p50Millis(), latency.p99Millis());
  }

  private void row(String metric, double ours, double raw, String target) {
    out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %s |%n", metric, ours, raw, target);
  }

  private void heapRow(String phase, HeapSnapshot now, HeapSnapshot before) {
    out.printf(
        Locale.ROOT,
        "| %s | %.1f | %+.1f | %d |%n",
        phase,
        now.usedMegabytes(),
        now.usedMegabytes() - before.usedMegabytes(),
        now.threads());
  }

  /**
   * What the ratios can reach on this machine, from the rounds' CPU per record: the client, server
   * and broker share its cores, so a CPU-bound pass runs at about cores / (CPU per record). The AWS
   * SDK's own CPU is a cost only our side pays; if the server cost no more than the Kafka client it
   * wraps (and the broker and the JVM no more than for kafka-clients, which leaves the SDK's
   * garbage collection out, so this bounds from above), the ratio would be at most raw / (SDK
   * client + raw).
   */
  void ceilings(List<Rounds.Budget> budgets) {
    if (budgets.isEmpty()) {
      return;
    }
    out.println();
    out.println(
        "CPU per record by round (us; ours = server + SDK client + JVM + broker, raw ="
            + " kafka-clients + JVM + broker) and the ratio this machine allows if the server"
            + " cost no more than the Kafka client inside it, raw / (SDK client + raw):");
    out.println();
    out.println(
        "| pass | ours: server | SDK client | JVM | broker | total | raw total | CPU ratio |"
            + " ceiling |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Rounds.Budget b : budgets) {
      Rounds.Cpu o = b.ours();
      Rounds.Cpu r = b.baseline();
      out.printf(
          Locale.ROOT,
          "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
          b.pass() == Rounds.Pass.GET ? "getrecords" : "putrecords",
          o.server(),
          o.clients(),
          o.jvm(),
          o.broker(),
          o.total(),
          r.total(),
          r.total() / o.total(),
          ceiling(b));
    }
    for (Rounds.Pass pass : List.of(Rounds.Pass.PUT_MANY, Rounds.Pass.GET)) {
      double[] c =
          budgets.stream().filter(b -> b.pass() == pass).mapToDouble(Summary::ceiling).toArray();
      out.printf(
          Locale.ROOT,
          "  %s: ceiling %.2f-%.2f over the rounds, target %.2f%n",
          pass == Rounds.Pass.GET ? "getrecords" : "putrecords",
          Arrays.stream(c).min().orElse(Double.NaN),
          Arrays.stream(c).max().orElse(Double.NaN),
          pass == Rounds.Pass.GET ? GET_TARGET : PUT_TARGET);
    }
  }

  private static double ceiling(Rounds.Budget b) {
    double raw = b.baseline().total();
    return raw / (b.ours().clients() + raw);
  }

  void targets(
      Throughput putOurs,
      Throughput putRaw,
      Throughput getOurs,
      Throughput getRaw,
      Latency putRecord,
      Latency subscribe,
      HeapCheck.Result heap,
      List<Double> serverPutMicros,
      Throughput cold) {
    out.println();
    out.println("Targets (2 cores shared by clients, server and broker; limits off):");
    share("PutRecords, many threads", putOurs, putRaw, PUT_TARGET);
    share("GetRecords drain", getOurs, getRaw, GET_TARGET);
    atMost("PutRecord p50", putRecord.p50Millis(), PUT_RECORD_P50_MS);
    atMost("PutRecord p99", putRecord.p99Millis(), PUT_RECORD_P99_MS);
    atMost("SubscribeToShard end-to-end p99", subscribe.p99Millis(), SUBSCRIBE_P99_MS);
    if (!serverPutMicros.isEmpty()) {
      double best = serverPutMicros.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      double worst = serverPutMicros.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      out.printf(
          Locale.ROOT,
          "  server CPU per PutRecords record (many threads): %.2f-%.2f us over the rounds,"
              + " target ≤ %.0f us: %s%n",
          best,
          worst,
          SERVER_PUT_MICROS,
          best <= SERVER_PUT_MICROS ? "met in the best round" : "MISSED in every round");
    }
    if (cold != null) {
      share("putrecords-cold", cold, putOurs, COLD_TARGET, "the steady round");
    }
    double opened = heap.opened().usedMegabytes() - heap.before().usedMegabytes();
    double heldMore = heap.held().usedMegabytes() - heap.opened().usedMegabytes();
    out.printf(
        Locale.ROOT,
        "  server heap: %+.1f MB for %,d iterators + %d subscriptions (%.0f KB per subscription"
            + " if all theirs), %+.1f MB more over the %d s hold, %+.1f MB after closing%n",
        opened,
        heap.iterators(),
        heap.subscriptions(),
        opened * 1e3 / heap.subscriptions(),
        heldMore,
        heap.hold().toSeconds(),
        heap.closed().usedMegabytes() - heap.before().usedMegabytes());
    out.flush();
  }

  private void share(String what, Throughput ours, Throughput raw, double target) {
    share(what, ours, raw, target, "kafka-clients");
  }

  private void share(String what, Throughput ours, Throughput raw, double target, String of) {
    double ratio = ours.recordsPerSecond() / raw.recordsPerSecond();
    if (ratio >= target) {
      out.printf(
          Locale.ROOT,
          "  %s: %.1f %% of %s, target ≥ %.0f %%: met%n",
          what,
          ratio * 100,
          of,
          target * 100);
    } else {
      out.printf(
          Locale.ROOT,
          "  %s: %.1f %% of %s, target ≥ %.0f %%: MISSED by %.1f points"
              + " (%,.0f records/s short of %,.0f)%n",
          what,
          ratio * 100,
          of,
          target * 100,
          (target - ratio) * 100,
          target * raw.recordsPerSecond() - ours.recordsPerSecond(),
          target * raw.recordsPerSecond());
    }
  }

  private void atMost(String what, double millis, double target) {
    out.printf(
        Locale.ROOT,
        "  %s: %.2f ms, target ≤ %.0f ms: %s%n",
        what,
        millis,
        target,
        millis <= target
            ? "met"
            : String.format(
                Locale.ROOT, "MISSED by %.2f ms (x%.1f)", millis - target, millis / target));
  }
}
