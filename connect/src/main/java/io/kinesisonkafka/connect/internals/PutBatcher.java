package io.kinesisonkafka.connect.internals;

import io.github.resilience4j.core.IntervalFunction;
import io.kinesisonkafka.connect.internals.PutBatchBuilder.Put;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Puts entries with PutRecords, one call in flight per shard at a time, and knows which Kafka
 * offsets Kinesis acknowledged.
 *
 * <p>Why one call per shard: a task owns its Kafka partitions and so all the records of their keys;
 * entries go to {@link ShardLanes lanes}, one per open shard, and each lane has at most one call in
 * flight, so no two batches for one shard ever race and a partial failure is retried before
 * anything newer of that shard is sent, while the other shards' calls go on. In strict ordering a
 * call carries at most one entry per partition key, so a throttled entry is never overtaken by its
 * key's next entry in the same call. When a call's results name a shard its lane does not stand for
 * (the stream was resharded), the batcher waits for every call in flight, takes a new shard map and
 * routes what waits again.
 *
 * <p>Pipelining: the calls (with their retries) run on the batcher's threads while the task's
 * thread returns to Connect, which polls and converts the next records; a lane's next call is taken
 * from what waits only once its previous one completed. Memory is bounded: per lane at most one
 * call in flight plus one full call waiting, plus what Connect handed to one {@code put}.
 *
 * <p>Failed entries (ProvisionedThroughputExceeded, InternalFailure) and failed calls (throttling,
 * 5xx, network) are retried with exponential back-off and jitter until {@code retryTimeout}; then
 * the task fails (nothing acknowledged, so nothing lost: the records come again from the committed
 * offsets). An entry Kinesis refuses for good goes to {@code refused} (Connect's error handling).
 *
 * <p>With {@code aggregateMaxBytes} above 0, the waiting records of a key travel as one KPL
 * aggregate of at most that size.
 *
 * <p>The parts: {@link PutBatchBuilder} takes a call's entries from a {@link PutLane}, {@link
 * PutCall} makes the call with its retries on a sending thread, {@link AckedOffsets} turns the
 * acknowledgements into offsets to commit; the batcher routes, keeps the calls in flight and
 * applies what they did.
 *
 * <p>Called from the task's thread only; the acknowledgements, refusals and failures of a call are
 * applied on that thread too, when it next waits for the call.
 */
public final class PutBatcher {
  private final String stream;
  private final Clock clock;
  private final BiConsumer<KinesisEntry, String> refused;
  private final Supplier<ShardLanes> shardMap;
  private final PutBatchBuilder builder;
  private final PutCall put;
  private final AckedOffsets offsets = new AckedOffsets();

  private ShardLanes lanes;
  private PutLane[] lane;

  private long calls;
  private long retriedEntries;

  /** Set when a call's results named a shard its lane does not stand for. */
  private boolean stale;

  /** A failure of a call nobody waited for yet (one that was in flight at a rebalance). */
  private RuntimeException deferred;

  /** Runs the lanes' calls ({@link PutCall#send}); the futures stay on the task's thread. */
  private final ExecutorService sender;

  /**
   * A batcher for one stream.
   *
   * @param shardMap the stream's lanes, asked at the start and again after a reshard; {@link
   *     ShardLanes#single()} if the stream cannot be listed
   */
  public PutBatcher(
      KinesisClient kinesis,
      String stream,
      int maxRecords,
      int maxBytes,
      boolean strict,
      IntervalFunction backoff,
      Duration retryTimeout,
      Clock clock,
      BiConsumer<KinesisEntry, String> refused,
      int aggregateMaxBytes,
      Supplier<ShardLanes> shardMap) {
    this.stream = stream;
    this.clock = clock;
    this.refused = refused;
    this.shardMap = shardMap;
    this.builder = new PutBatchBuilder(maxRecords, maxBytes, strict, aggregateMaxBytes, clock);
    this.put = new PutCall(kinesis, stream, backoff, retryTimeout, clock);
    AtomicInteger threads = new AtomicInteger();
    this.sender =
        Executors.newCachedThreadPool(
            r -> {
              Thread t =
                  new Thread(r, "kinesis-sink-put-" + stream + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    useLanes(shardMap.get());
  }

  private void useLanes(ShardLanes lanes) {
    this.lanes = lanes;
    this.lane = new PutLane[lanes.size()];
    for (int i = 0; i < lane.length; i++) {
      lane[i] = new PutLane(i);
    }
  }

  /** Takes an entry; sends while a full call is waiting for its shard. */
  public void add(KinesisEntry entry) throws InterruptedException {
    offsets.handedIn(entry.topicPartition(), entry.offset());
    PutLane l = lane[lanes.laneOf(entry.partitionKey(), entry.explicitHashKey())];
    if (l.pending.isEmpty()) {
      l.oldestPendingAt = clock.millis();
    }
    l.pending.add(entry);
    l.pendingBytes += entry.size();
    while (builder.full(l)) {
      l = sendOne(l);
    }
  }

  /** Records that an offset was handed in and settled at once (refused or skipped). */
  public void settled(TopicPartition tp, long offset) {
    offsets.settled(tp, offset);
  }

  /** Sends what waits in each lane whose oldest entry waited {@code linger} or more. */
  public void sendIfLingered(Duration linger) throws InterruptedException {
    long now = clock.millis();
    for (int i = 0; i < lane.length; i++) {
      PutLane l = lane[i];
      if (!l.pending.isEmpty() && now - l.oldestPendingAt >= linger.toMillis()) {
        while (!l.pending.isEmpty()) {
          l = sendOne(l);
        }
      }
    }
  }

  /**
   * Milliseconds until the oldest waiting entry has waited {@code linger} (0 if it has); -1 when no
   * entry waits.
   */
  public long millisUntilLingered(Duration linger) {
    long oldest = Long.MAX_VALUE;
    for (PutLane l : lane) {
      if (!l.pending.isEmpty()) {
        oldest = Math.min(oldest, l.oldestPendingAt);
      }
    }
    if (oldest == Long.MAX_VALUE) {
      return -1;
    }
    return Math.max(0, oldest + linger.toMillis() - clock.millis());
  }

  /** Sends everything that waits, and returns once Kinesis acknowledged all of it. */
  public void flush() throws InterruptedException {
    // One call per lane per turn: the lanes' calls run side by side.
    boolean any = true;
    while (any) {
      any = false;
      for (PutLane l : lane) {
        if (!l.pending.isEmpty()) {
          sendOne(l);
          any = true;
        }
      }
    }
    awaitAll();
  }

  /** The offsets to commit: per partition, the first offset not yet acknowledged. */
  public Map<TopicPartition, Long> committable() {
    return offsets.committable();
  }

  /** Forgets partitions no longer assigned: their records come again to their next owner. */
  public void forget(Set<TopicPartition> partitions) {
    // The calls in flight may carry records of these partitions: they end before their next
    // owner sends any, so a key's records never race across tasks.
    try {
      awaitAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      deferred = e;
    }
    for (PutLane l : lane) {
      l.pending.removeIf(e -> partitions.contains(e.topicPartition()));
      l.pendingBytes = l.pending.stream().mapToLong(KinesisEntry::size).sum();
    }
    offsets.forget(partitions);
  }

  /**
   * Stops the sending threads; calls in flight are abandoned (their records were not committed).
   */
  public void close() {
    sender.shutdownNow();
  }

  /** PutRecords calls made. */
  public long calls() {
    return calls;
  }

  /** Entries sent again after a failure. */
  public long retriedEntries() {
    return retriedEntries;
  }

  /** The number of lanes (open shards when last listed). */
  public int lanes() {
    return lane.length;
  }

  /**
   * Waits for the lane's call in flight, then starts its next one with what waits. Returns the lane
   * the rest of that lane's entries now wait in (another one after a new shard map).
   */
  private PutLane sendOne(PutLane l) throws InterruptedException {
    await(l);
    if (stale) {
      l = reroute(l);
      await(l);
    }
    List<Put> batch = builder.take(l);
    String expected = lanes.shardId(l.index);
    l.inFlight = sender.submit(() -> put.send(batch, expected));
    return l;
  }

  /**
   * After a reshard: waits for every call, takes a new shard map and moves what waits to its new
   * lanes (each key's entries keep their order: they all sat in one lane). Returns the lane that
   * {@code from}'s first waiting entry now sits in.
   */
  private PutLane reroute(PutLane from) throws InterruptedException {
    awaitAll();
    stale = false;
    KinesisEntry first = from.pending.peekFirst();
    PutLane[] old = lane;
    useLanes(shardMap.get());
    for (PutLane o : old) {
      for (KinesisEntry e : o.pending) {
        PutLane l = lane[lanes.laneOf(e.partitionKey(), e.explicitHashKey())];
        if (l.pending.isEmpty()) {
          l.oldestPendingAt = o.oldestPendingAt;
        }
        l.pending.add(e);
        l.pendingBytes += e.size();
      }
      o.pending.clear();
      o.pendingBytes = 0;
    }
    return first == null
        ? lane[0]
        : lane[lanes.laneOf(first.partitionKey(), first.explicitHashKey())];
  }

  private void awaitAll() throws InterruptedException {
    RuntimeException failure = null;
    for (PutLane l : lane) {
      try {
        await(l);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Waits for the lane's call in flight and applies what it did; rethrows its failure. */
  private void await(PutLane l) throws InterruptedException {
    if (deferred != null) {
      RuntimeException e = deferred;
      deferred = null;
      throw e;
    }
    Future<PutCall.Outcome> f = l.inFlight;
    if (f == null) {
      return;
    }
    l.inFlight = null;
    PutCall.Outcome o;
    try {
      o = f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new ConnectException("PutRecords to stream " + stream + " failed", e.getCause());
    }
    calls += o.calls;
    retriedEntries += o.retriedEntries;
    stale |= o.strayShard;
    o.acked.forEach(offsets::acked);
    for (Map.Entry<KinesisEntry, String> r : o.refused) {
      refused.accept(r.getKey(), r.getValue());
      offsets.acked(r.getKey());
    }
  }
}
