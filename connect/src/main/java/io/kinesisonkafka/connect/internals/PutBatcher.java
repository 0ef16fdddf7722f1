package io.kinesisonkafka.connect.internals;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts entries with PutRecords, one call at a time, and knows which Kafka offsets Kinesis
 * acknowledged.
 *
 * <p>Why one call at a time: a task owns its Kafka partitions and so all the records of their keys;
 * with a single call in flight no two batches for one shard ever race, and a partial failure is
 * retried before anything newer is sent. In strict ordering a call carries at most one entry per
 * partition key, so a throttled entry is never overtaken by its key's next entry in the same call.
 * Memory is bounded: callers send whenever a full call is waiting, so at most one call plus what
 * Connect handed to one {@code put} is held.
 *
 * <p>Failed entries (ProvisionedThroughputExceeded, InternalFailure) and failed calls (throttling,
 * 5xx, network) are retried with exponential back-off and jitter until {@code retryTimeout}; then
 * the task fails (nothing acknowledged, so nothing lost: the records come again from the committed
 * offsets). An entry Kinesis refuses for good goes to {@code refused} (Connect's error handling).
 *
 * <p>Confined to the task's thread.
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

  private final LinkedList<KinesisEntry> pending = new LinkedList<>();
  private long pendingBytes;
  private long oldestPendingAt;

  /** Per partition: offsets handed in and not yet acknowledged (or refused). */
  private final Map<TopicPartition, TreeSet<Long>> open = new HashMap<>();

  /** Per partition: the next offset after the highest one handed in. */
  private final Map<TopicPartition, Long> seen = new HashMap<>();

  private long calls;
  private long retriedEntries;

  public PutBatcher(
      KinesisClient kinesis,
      String stream,
      int maxRecords,
      int maxBytes,
      boolean strict,
      IntervalFunction backoff,
      Duration retryTimeout,
      Clock clock,
      BiConsumer<KinesisEntry, String> refused) {
    this.kinesis = kinesis;
    this.stream = stream;
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.strict = strict;
    this.backoff = backoff;
    this.retryTimeout = retryTimeout;
    this.clock = clock;
    this.refused = refused;
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
      flush();
    }
  }

  /** Sends everything that waits, and returns once Kinesis acknowledged all of it. */
  public void flush() throws InterruptedException {
    while (!pending.isEmpty()) {
      sendOne();
    }
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
    pending.removeIf(e -> partitions.contains(e.topicPartition()));
    pendingBytes = pending.stream().mapToLong(KinesisEntry::size).sum();
    open.keySet().removeAll(partitions);
    seen.keySet().removeAll(partitions);
  }

  /** PutRecords calls made. */
  public long calls() {
    return calls;
  }

  /** Entries sent again after a failure. */
  public long retriedEntries() {
    return retriedEntries;
  }

  private void sendOne() throws InterruptedException {
    List<KinesisEntry> batch = take();
    long deadline = clock.millis() + retryTimeout.toMillis();
    int attempt = 0;
    while (!batch.isEmpty()) {
      List<KinesisEntry> failed = new ArrayList<>();
      String lastError = null;
      try {
        PutRecordsResponse response = put(batch);
        List<PutRecordsResultEntry> results = response.records();
        for (int i = 0; i < batch.size(); i++) {
          PutRecordsResultEntry r = results.get(i);
          KinesisEntry e = batch.get(i);
          if (r.errorCode() == null) {
            acked(e);
          } else if (Retriable.entryRetriable(r.errorCode())) {
            failed.add(e);
            lastError = r.errorCode() + ": " + r.errorMessage();
          } else {
            refused.accept(e, r.errorCode() + ": " + r.errorMessage());
            acked(e);
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
        return;
      }
      attempt++;
      retriedEntries += failed.size();
      long wait = backoff.apply(attempt);
      if (clock.millis() + wait > deadline) {
        throw new ConnectException(
            "PutRecords to stream "
                + stream
                + ": "
                + failed.size()
                + " records still failing after "
                + retryTimeout.toMillis()
                + " ms; last error "
                + lastError);
      }
      Thread.sleep(wait);
      batch = failed;
    }
  }

  private PutRecordsResponse put(List<KinesisEntry> batch) {
    List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
    for (KinesisEntry e : batch) {
      entries.add(
          PutRecordsRequestEntry.builder()
              .partitionKey(e.partitionKey())
              .explicitHashKey(e.explicitHashKey())
              .data(SdkBytes.fromByteArrayUnsafe(e.data()))
              .build());
    }
    calls++;
    return kinesis.putRecords(r -> r.streamName(stream).records(entries));
  }

  /** The next call's entries, in order; in strict ordering one per partition key. */
  private List<KinesisEntry> take() {
    List<KinesisEntry> batch = new ArrayList<>(Math.min(maxRecords, pending.size()));
    Set<String> keys = strict ? new HashSet<>() : null;
    long bytes = 0;
    Iterator<KinesisEntry> it = pending.iterator();
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
      bytes += e.size();
      batch.add(e);
    }
    if (!pending.isEmpty()) {
      oldestPendingAt = clock.millis();
    }
    return batch;
  }

  private void acked(KinesisEntry e) {
    TreeSet<Long> unacked = open.get(e.topicPartition());
    if (unacked != null) {
      unacked.remove(e.offset());
    }
  }
}
