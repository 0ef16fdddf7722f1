package io.kinesisonkafka.connect.internals;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

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
 * <p>Called from the task's thread only; the acknowledgements, refusals and failures of a call are
 * applied on that thread too, when it next waits for the call.
 */
public final class PutBatcher {
  private final KinesisClient kinesis;
  private final String stream;
  private final int maxRecords;
  private final int maxBytes;
  private final boolean strict;
  private final IntervalFunction backoff;
  private final Duration retryTimeout;
  private final Clock clock;
  private final BiConsumer<KinesisEntry, String> refused;
  private final Supplier<ShardLanes> shardMap;

  /** Null unless records are aggregated. */
  private final io.kinesisonkafka.aggregation.AggregatedRecordBuilder aggregator;

  private ShardLanes lanes;
  private Lane[] lane;

  /** Per partition: offsets handed in and not yet acknowledged (or refused). */
  private final Map<TopicPartition, TreeSet<Long>> open = new HashMap<>();

  /** Per partition: the next offset after the highest one handed in. */
  private final Map<TopicPartition, Long> seen = new HashMap<>();

  private long calls;
  private long retriedEntries;

  /** Set when a call's results named a shard its lane does not stand for. */
  private boolean stale;

  /** A failure of a call nobody waited for yet (one that was in flight at a rebalance). */
  private RuntimeException deferred;

  private final ExecutorService sender;

  /** What waits for one shard, and its call in flight. */
  private static final class Lane {
    final int index;
    final LinkedList<KinesisEntry> pending = new LinkedList<>();
    long pendingBytes;
    long oldestPendingAt;

    /** The call in flight on {@link #sender}, or null. */
    Future<Outcome> inFlight;

    Lane(int index) {
      this.index = index;
    }
  }

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
    this.kinesis = kinesis;
    this.stream = stream;
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.strict = strict;
    this.backoff = backoff;
    this.retryTimeout = retryTimeout;
    this.clock = clock;
    this.refused = refused;
    this.shardMap = shardMap;
    this.aggregator =
        aggregateMaxBytes > 0
            ? new io.kinesisonkafka.aggregation.AggregatedRecordBuilder(
                aggregateMaxBytes, Integer.MAX_VALUE)
            : null;
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
    this.lane = new Lane[lanes.size()];
    for (int i = 0; i < lane.length; i++) {
      lane[i] = new Lane(i);
    }
  }

  /** Takes an entry; sends while a full call is waiting for its shard. */
  public void add(KinesisEntry entry) throws InterruptedException {
    handedIn(entry.topicPartition(), entry.offset());
    Lane l = lane[lanes.laneOf(entry.partitionKey(), entry.explicitHashKey())];
    if (l.pending.isEmpty()) {
      l.oldestPendingAt = clock.millis();
    }
    l.pending.add(entry);
    l.pendingBytes += entry.size();
    while (l.pending.size() >= maxRecords || l.pendingBytes >= maxBytes) {
      l = sendOne(l);
    }
  }

  /** Records that an offset was handed in and settled at once (refused or skipped). */
  public void settled(TopicPartition tp, long offset) {
    seen.merge(tp, offset + 1, Math::max);
  }

  private void handedIn(TopicPartition tp, long offset) {
    open.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
    seen.merge(tp, offset + 1, Math::max);
  }

  /** Sends what waits in each lane whose oldest entry waited {@code linger} or more. */
  public void sendIfLingered(Duration linger) throws InterruptedException {
    long now = clock.millis();
    for (int i = 0; i < lane.length; i++) {
      Lane l = lane[i];
      if (!l.pending.isEmpty() && now - l.oldestPendingAt >= linger.toMillis()) {
        while (!l.pending.isEmpty()) {
          l = sendOne(l);
        }
      }
    }
  }

  /** Sends everything that waits, and returns once Kinesis acknowledged all of it. */
  public void flush() throws InterruptedException {
    // One call per lane per turn: the lanes' calls run side by side.
    boolean any = true;
    while (any) {
      any = false;
      for (Lane l : lane) {
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
    Map<TopicPartition, Long> result = new HashMap<>();
    seen.forEach(
        (tp, next) -> {
          TreeSet<Long> unacked = open.get(tp);
          result.put(tp, unacked == null || unacked.isEmpty() ? next : unacked.first());
        });
    return result;
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
    for (Lane l : lane) {
      l.pending.removeIf(e -> partitions.contains(e.topicPartition()));
      l.pendingBytes = l.pending.stream().mapToLong(KinesisEntry::size).sum();
    }
    open.keySet().removeAll(partitions);
    seen.keySet().removeAll(partitions);
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

  /** One PutRecords entry: a record, or a KPL aggregate of records of one key. */
  private record Put(List<KinesisEntry> members, PutRecordsRequestEntry request, int size) {}

  /** What one call (with its retries) did, applied on the task's thread. */
  private static final class Outcome {
    final List<KinesisEntry> acked = new ArrayList<>();
    final List<Map.Entry<KinesisEntry, String>> refused = new ArrayList<>();
    long calls;
    long retriedEntries;
    boolean strayShard;
  }

  /**
   * Waits for the lane's call in flight, then starts its next one with what waits. Returns the lane
   * the rest of that lane's entries now wait in (another one after a new shard map).
   */
  private Lane sendOne(Lane l) throws InterruptedException {
    await(l);
    if (stale) {
      l = reroute(l);
      await(l);
    }
    List<Put> batch = take(l);
    String expected = lanes.shardId(l.index);
    l.inFlight = sender.submit(() -> call(batch, expected));
    return l;
  }

  /**
   * After a reshard: waits for every call, takes a new shard map and moves what waits to its new
   * lanes (each key's entries keep their order: they all sat in one lane). Returns the lane that
   * {@code from}'s first waiting entry now sits in.
   */
  private Lane reroute(Lane from) throws InterruptedException {
    awaitAll();
    stale = false;
    KinesisEntry first = from.pending.peekFirst();
    Lane[] old = lane;
    useLanes(shardMap.get());
    for (Lane o : old) {
      for (KinesisEntry e : o.pending) {
        Lane l = lane[lanes.laneOf(e.partitionKey(), e.explicitHashKey())];
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
    for (Lane l : lane) {
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
  private void await(Lane l) throws InterruptedException {
    if (deferred != null) {
      RuntimeException e = deferred;
      deferred = null;
      throw e;
    }
    Future<Outcome> f = l.inFlight;
    if (f == null) {
      return;
    }
    l.inFlight = null;
    Outcome o;
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
    o.acked.forEach(this::acked);
    for (Map.Entry<KinesisEntry, String> r : o.refused) {
      refused.accept(r.getKey(), r.getValue());
      acked(r.getKey());
    }
  }

  /** One call and its retries, on the sending thread. */
  private Outcome call(List<Put> batch, String expectedShard) throws InterruptedException {
    Outcome outcome = new Outcome();
    long deadline = clock.millis() + retryTimeout.toMillis();
    int attempt = 0;
    while (!batch.isEmpty()) {
      List<Put> failed = new ArrayList<>();
      String lastError = null;
      try {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
        for (Put p : batch) {
          entries.add(p.request());
        }
        outcome.calls++;
        PutRecordsResponse response =
            kinesis.putRecords(r -> r.streamName(stream).records(entries));
        List<PutRecordsResultEntry> results = response.records();
        for (int i = 0; i < batch.size(); i++) {
          PutRecordsResultEntry r = results.get(i);
          Put p = batch.get(i);
          if (r.errorCode() == null) {
            outcome.acked.addAll(p.members());
            if (expectedShard != null && !expectedShard.equals(r.shardId())) {
              outcome.strayShard = true;
            }
          } else if (Retriable.entryRetriable(r.errorCode())) {
            failed.add(p);
            lastError = r.errorCode() + ": " + r.errorMessage();
          } else {
            for (KinesisEntry e : p.members()) {
              outcome.refused.add(Map.entry(e, r.errorCode() + ": " + r.errorMessage()));
            }
          }
        }
      } catch (RuntimeException e) {
        if (!Retriable.test(e)) {
          throw new ConnectException("PutRecords to stream " + stream + " failed", e);
        }
        failed = batch;
        lastError = e.toString();
      }
      if (failed.isEmpty()) {
        return outcome;
      }
      attempt++;
      for (Put p : failed) {
        outcome.retriedEntries += p.members().size();
      }
      long wait = backoff.apply(attempt);
      if (clock.millis() + wait > deadline) {
        throw new ConnectException(
            "PutRecords to stream "
                + stream
                + ": "
                + failed.size()
                + " entries still failing after "
                + retryTimeout.toMillis()
                + " ms; last error "
                + lastError);
      }
      Thread.sleep(wait);
      batch = failed;
    }
    return outcome;
  }

  /**
   * The lane's next call's entries, in order; in strict ordering one per partition key. With
   * aggregation, an entry is a KPL aggregate of the key's waiting records (consecutive, same
   * explicit hash key): all of a key routes to one shard, so no de-aggregating reader drops a part
   * of it after a reshard, and strict ordering still moves a hot key at full speed.
   */
  private List<Put> take(Lane l) {
    List<Put> batch = new ArrayList<>(Math.min(maxRecords, l.pending.size()));
    Set<String> keys = strict ? new HashSet<>() : null;
    long bytes = 0;
    java.util.ListIterator<KinesisEntry> it = l.pending.listIterator();
    while (it.hasNext() && batch.size() < maxRecords) {
      KinesisEntry e = it.next();
      if (bytes + e.size() > maxBytes && !batch.isEmpty()) {
        break;
      }
      if (strict && !keys.add(e.partitionKey())) {
        continue;
      }
      it.remove();
      l.pendingBytes -= e.size();
      Put put = aggregator == null ? single(e) : aggregate(l, e, it, maxBytes - bytes);
      bytes += put.size();
      batch.add(put);
    }
    if (!l.pending.isEmpty()) {
      l.oldestPendingAt = clock.millis();
    }
    return batch;
  }

  private static Put single(KinesisEntry e) {
    return new Put(
        List.of(e),
        PutRecordsRequestEntry.builder()
            .partitionKey(e.partitionKey())
            .explicitHashKey(e.explicitHashKey())
            .data(SdkBytes.fromByteArrayUnsafe(e.data()))
            .build(),
        e.size());
  }

  /** {@code first} and the records of its key after it that fit, as one aggregate. */
  private Put aggregate(
      Lane l, KinesisEntry first, java.util.ListIterator<KinesisEntry> it, long room) {
    aggregator.reset();
    aggregator.tryAdd(first.partitionKey(), first.explicitHashKey(), first.data());
    List<KinesisEntry> members = new ArrayList<>();
    members.add(first);
    int scanned = 0;
    while (it.hasNext()) {
      KinesisEntry next = it.next();
      scanned++;
      if (!next.partitionKey().equals(first.partitionKey())) {
        continue;
      }
      if (!java.util.Objects.equals(next.explicitHashKey(), first.explicitHashKey())
          || aggregator.size() + next.size() + 64 > room
          || !aggregator.tryAdd(next.partitionKey(), next.explicitHashKey(), next.data())) {
        break; // later records of the key wait: their order stays
      }
      it.remove();
      scanned--;
      l.pendingBytes -= next.size();
      members.add(next);
    }
    for (int i = 0; i < scanned; i++) {
      it.previous();
    }
    if (members.size() == 1) {
      return single(first);
    }
    io.kinesisonkafka.aggregation.Aggregate a = aggregator.build();
    return new Put(
        members,
        PutRecordsRequestEntry.builder()
            .partitionKey(a.partitionKey())
            .explicitHashKey(a.explicitHashKey())
            .data(SdkBytes.fromByteArrayUnsafe(a.data()))
            .build(),
        a.size());
  }

  private void acked(KinesisEntry e) {
    TreeSet<Long> unacked = open.get(e.topicPartition());
    if (unacked != null) {
      unacked.remove(e.offset());
    }
  }
}
