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
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts entries with PutRecords, one call in flight at a time, and knows which Kafka offsets Kinesis
 * acknowledged.
 *
 * <p>Why one call in flight: a task owns its Kafka partitions and so all the records of their keys;
 * with a single call in flight no two batches for one shard ever race, and a partial failure is
 * retried before anything newer is sent. In strict ordering a call carries at most one entry per
 * partition key, so a throttled entry is never overtaken by its key's next entry in the same call.
 *
 * <p>Pipelining: the call (with its retries) runs on the batcher's own thread while the task's
 * thread returns to Connect, which polls and converts the next records; the next call is taken from
 * what waits only once the previous one completed. Memory is bounded: at most one call in flight
 * plus one full call waiting plus what Connect handed to one {@code put}.
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

  /** Null unless records are aggregated. */
  private final io.kinesisonkafka.aggregation.AggregatedRecordBuilder aggregator;

  private final LinkedList<KinesisEntry> pending = new LinkedList<>();
  private long pendingBytes;
  private long oldestPendingAt;

  /** Per partition: offsets handed in and not yet acknowledged (or refused). */
  private final Map<TopicPartition, TreeSet<Long>> open = new HashMap<>();

  /** Per partition: the next offset after the highest one handed in. */
  private final Map<TopicPartition, Long> seen = new HashMap<>();

  private long calls;
  private long retriedEntries;

  /** The call in flight on {@link #sender}, or null. */
  private Future<Outcome> inFlight;

  /** A failure of a call nobody waited for yet (one that was in flight at a rebalance). */
  private RuntimeException deferred;

  private final ExecutorService sender;

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
      int aggregateMaxBytes) {
    this.kinesis = kinesis;
    this.stream = stream;
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.strict = strict;
    this.backoff = backoff;
    this.retryTimeout = retryTimeout;
    this.clock = clock;
    this.refused = refused;
    this.aggregator =
        aggregateMaxBytes > 0
            ? new io.kinesisonkafka.aggregation.AggregatedRecordBuilder(
                aggregateMaxBytes, Integer.MAX_VALUE)
            : null;
    this.sender =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kinesis-sink-put-" + stream);
              t.setDaemon(true);
              return t;
            });
  }

  /** Takes an entry; sends while a full call is waiting. */
  public void add(KinesisEntry entry) throws InterruptedException {
    handedIn(entry.topicPartition(), entry.offset());
    if (pending.isEmpty()) {
      oldestPendingAt = clock.millis();
    }
    pending.add(entry);
    pendingBytes += entry.size();
    while (pending.size() >= maxRecords || pendingBytes >= maxBytes) {
      sendOne();
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

  /** Sends what waits if the oldest entry waited {@code linger} or more. */
  public void sendIfLingered(Duration linger) throws InterruptedException {
    if (!pending.isEmpty() && clock.millis() - oldestPendingAt >= linger.toMillis()) {
      while (!pending.isEmpty()) {
        sendOne();
      }
    }
  }

  /** Sends everything that waits, and returns once Kinesis acknowledged all of it. */
  public void flush() throws InterruptedException {
    while (!pending.isEmpty()) {
      sendOne();
    }
    awaitInFlight();
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
    // The call in flight may carry records of these partitions: it ends before their next owner
    // sends any, so a key's records never race across tasks.
    try {
      awaitInFlight();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      deferred = e;
    }
    pending.removeIf(e -> partitions.contains(e.topicPartition()));
    pendingBytes = pending.stream().mapToLong(KinesisEntry::size).sum();
    open.keySet().removeAll(partitions);
    seen.keySet().removeAll(partitions);
  }

  /** Stops the sending thread; a call in flight is abandoned (its records were not committed). */
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

  /** One PutRecords entry: a record, or a KPL aggregate of records of one key. */
  private record Put(List<KinesisEntry> members, PutRecordsRequestEntry request, int size) {}

  /** What one call (with its retries) did, applied on the task's thread. */
  private static final class Outcome {
    final List<KinesisEntry> acked = new ArrayList<>();
    final List<Map.Entry<KinesisEntry, String>> refused = new ArrayList<>();
    long calls;
    long retriedEntries;
  }

  /** Waits for the call in flight, then starts the next one with what waits. */
  private void sendOne() throws InterruptedException {
    awaitInFlight();
    List<Put> batch = take();
    inFlight = sender.submit(() -> call(batch));
  }

  /** Waits for the call in flight and applies what it did; rethrows its failure. */
  private void awaitInFlight() throws InterruptedException {
    if (deferred != null) {
      RuntimeException e = deferred;
      deferred = null;
      throw e;
    }
    Future<Outcome> f = inFlight;
    if (f == null) {
      return;
    }
    inFlight = null;
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
    o.acked.forEach(this::acked);
    for (Map.Entry<KinesisEntry, String> r : o.refused) {
      refused.accept(r.getKey(), r.getValue());
      acked(r.getKey());
    }
  }

  /** One call and its retries, on the sending thread. */
  private Outcome call(List<Put> batch) throws InterruptedException {
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
   * The next call's entries, in order; in strict ordering one per partition key. With aggregation,
   * an entry is a KPL aggregate of the key's waiting records (consecutive, same explicit hash key):
   * all of a key routes to one shard, so no de-aggregating reader drops a part of it after a
   * reshard, and strict ordering still moves a hot key at full speed.
   */
  private List<Put> take() {
    List<Put> batch = new ArrayList<>(Math.min(maxRecords, pending.size()));
    Set<String> keys = strict ? new HashSet<>() : null;
    long bytes = 0;
    java.util.ListIterator<KinesisEntry> it = pending.listIterator();
    while (it.hasNext() && batch.size() < maxRecords) {
      KinesisEntry e = it.next();
      if (bytes + e.size() > maxBytes && !batch.isEmpty()) {
        break;
      }
      if (strict && !keys.add(e.partitionKey())) {
        continue;
      }
      it.remove();
      pendingBytes -= e.size();
      Put put = aggregator == null ? single(e) : aggregate(e, it, maxBytes - bytes);
      bytes += put.size();
      batch.add(put);
    }
    if (!pending.isEmpty()) {
      oldestPendingAt = clock.millis();
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
  private Put aggregate(KinesisEntry first, java.util.ListIterator<KinesisEntry> it, long room) {
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
      pendingBytes -= next.size();
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
