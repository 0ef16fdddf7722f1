package io.kinesisonkafka.bench.endpoint;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Does the server's heap stay flat with outstanding iterators and idle subscriptions? On a stream
 * of its own with its consumers registered: this JVM's used heap after a full GC; then a child JVM
 * ({@link IdleClients}) takes iterators with GetShardIterator and never reads them, and opens
 * SubscribeToShard calls that never see a record (one per consumer and shard, at LATEST, on one
 * async client); the heap again at once and after holding them, and once more after the child
 * ended. The clients run in a JVM of their own because the SDK's event-stream decoder holds a 2 MiB
 * buffer per subscription, which would otherwise be counted as the server's. The class histogram's
 * growth tells what the server's difference is made of.
 */
final class HeapCheck {
  /** A stream may have 20 consumers; 10 per stream keeps registration short. */
  private static final int CONSUMERS = 10;

  private static final int TOP_CLASSES = 12;

  /** Heap snapshots taken while holding: growth that goes on over time would be a leak. */
  private static final int HOLD_SLICES = 3;

  /**
   * The outcome.
   *
   * @param before the heap with the stream and consumers in place, nothing outstanding
   * @param opened right after the iterators and subscriptions were made
   * @param during snapshots at equal intervals while holding, the last at the end of the hold
   * @param held after holding them
   * @param closed after closing the subscriptions (the iterators are just strings, nothing to
   *     close)
   * @param events SubscribeToShardEvents the idle subscriptions received while held (heartbeats)
   * @param growth the classes that grew most from before to held
   * @param growthByOwner the growth from before to held per owner (package) of the classes
   */
  record Result(
      int iterators,
      int subscriptions,
      Duration hold,
      HeapSnapshot before,
      HeapSnapshot opened,
      List<HeapSnapshot> during,
      HeapSnapshot held,
      HeapSnapshot closed,
      long events,
      List<HeapSnapshot.Growth> growth,
      Map<String, Long> growthByOwner) {}

  private final KinesisClient kinesis;
  private final URI endpoint;
  private final PrintStream out;

  HeapCheck(KinesisClient kinesis, URI endpoint, PrintStream out) {
    this.kinesis = kinesis;
    this.endpoint = endpoint;
    this.out = out;
  }

  Result run(String stream, int iterators, int subscriptions, Duration hold) throws Exception {
    Streams streams = new Streams(kinesis);
    int consumers = Math.min(CONSUMERS, Math.max(1, subscriptions));
    int shards = Math.max(1, (subscriptions + consumers - 1) / consumers);
    List<String> shardIds = streams.create(stream, shards);
    String arn = streams.arn(stream);
    List<String> consumerArns = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      consumerArns.add(streams.registerConsumer(arn, "idle-" + c));
    }
    List<String[]> subscribed = new ArrayList<>(subscriptions);
    for (int s = 0; s < subscriptions; s++) {
      subscribed.add(new String[] {consumerArns.get(s % consumers), shardIds.get(s / consumers)});
    }
    HeapSnapshot before = HeapSnapshot.take();
    report("before", before, before);
    HeapSnapshot opened;
    List<HeapSnapshot> during = new ArrayList<>();
    HeapSnapshot afterHold;
    long events;
    try (IdleClientProcess clients =
        IdleClientProcess.start(endpoint, stream, iterators, subscribed)) {
      clients.awaitReady();
      opened = HeapSnapshot.take();
      report("opened", opened, before);
      long start = System.nanoTime();
      for (int slice = 1; slice <= HOLD_SLICES; slice++) {
        long due = start + hold.toNanos() * slice / HOLD_SLICES;
        Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
        HeapSnapshot now = HeapSnapshot.take();
        report("held " + hold.toSeconds() * slice / HOLD_SLICES + " s", now, before);
        during.add(now);
      }
      afterHold = during.get(during.size() - 1);
      events = clients.release();
    }
    Thread.sleep(3000);
    HeapSnapshot closed = HeapSnapshot.take();
    report("closed", closed, before);
    streams.delete(stream);
    return new Result(
        iterators,
        subscriptions,
        hold,
        before,
        opened,
        List.copyOf(during),
        afterHold,
        closed,
        events,
        afterHold.topGrowth(before, TOP_CLASSES),
        afterHold.growthByOwner(before));
  }

  private void report(String phase, HeapSnapshot now, HeapSnapshot before) {
    out.printf(
        Locale.ROOT,
        "heap     %-10s used after full GC %7.1f MB (%+6.1f MB), %d threads%n",
        phase,
        now.usedMegabytes(),
        now.usedMegabytes() - before.usedMegabytes(),
        now.threads());
    out.flush();
  }
}
