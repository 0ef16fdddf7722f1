package io.kinesisonkafka.connect.internals;

import io.kinesisonkafka.aggregation.Aggregate;
import io.kinesisonkafka.aggregation.AggregatedRecordBuilder;
import io.kinesisonkafka.aggregation.Deaggregator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Takes a lane's next PutRecords call from what waits in it, within Kinesis' limits: at most {@code
 * maxRecords} entries and {@code maxBytes} (a single larger entry goes alone), in strict ordering
 * at most one entry per partition key, and with aggregation a key's consecutive records as one KPL
 * aggregate.
 *
 * <p>Why a class of its own: what goes into one call is a rule of its own (Kinesis' limits, the
 * ordering promise, aggregation) that does not depend on how calls are sent, retried or
 * acknowledged. Confined to the task's thread.
 */
final class PutBatchBuilder {
  /** One PutRecords entry: a record, or a KPL aggregate of records of one key. */
  record Put(List<KinesisEntry> members, PutRecordsRequestEntry request, int size) {}

  private final int maxRecords;
  private final int maxBytes;
  private final boolean strict;
  private final Clock clock;

  /** An aggregate's size limit; 0 unless records are aggregated. */
  private final int aggregateMaxBytes;

  PutBatchBuilder(
      int maxRecords, int maxBytes, boolean strict, int aggregateMaxBytes, Clock clock) {
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.strict = strict;
    this.clock = clock;
    this.aggregateMaxBytes = aggregateMaxBytes;
  }

  /** Whether the lane holds a full call's worth (by records or bytes). */
  boolean full(PutLane l) {
    return l.pending.size() >= maxRecords || l.pendingBytes >= maxBytes;
  }

  /**
   * The lane's next call's entries, in order; in strict ordering one per partition key. With
   * aggregation, an entry is a KPL aggregate of the key's waiting records (consecutive, same
   * explicit hash key): all of a key routes to one shard, so no de-aggregating reader drops a part
   * of it after a reshard, and strict ordering still moves a hot key at full speed.
   */
  List<Put> take(PutLane l) {
    List<Put> batch = new ArrayList<>(Math.min(maxRecords, l.pending.size()));
    Set<String> keys = strict ? new HashSet<>() : null;
    long bytes = 0;
    ListIterator<KinesisEntry> it = l.pending.listIterator();
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
      Put put = aggregateMaxBytes == 0 ? single(e) : aggregate(l, e, it, maxBytes - bytes);
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

  /**
   * {@code first} and the records of its key after it that fit, as one aggregate of at most {@code
   * room} bytes (the aggregator's own size accounting, so the call stays within its limit whatever
   * the keys' lengths). A first record that cannot go into an aggregate even alone (data that
   * starts like one, too large to be wrapped) is put as it is.
   */
  private Put aggregate(PutLane l, KinesisEntry first, ListIterator<KinesisEntry> it, long room) {
    AggregatedRecordBuilder aggregator =
        new AggregatedRecordBuilder((int) Math.min(aggregateMaxBytes, room), Integer.MAX_VALUE);
    if (!aggregator.tryAdd(first.partitionKey(), first.explicitHashKey(), first.data())) {
      return single(first);
    }
    List<KinesisEntry> members = new ArrayList<>();
    members.add(first);
    int scanned = 0;
    while (it.hasNext()) {
      KinesisEntry next = it.next();
      scanned++;
      if (!next.partitionKey().equals(first.partitionKey())) {
        continue;
      }
      if (!Objects.equals(next.explicitHashKey(), first.explicitHashKey())
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
    // A lone record goes as it is (no explicit hash key added), unless its data starts like an
    // aggregate: then the aggregator wrapped it in one, so that no reader takes it for one.
    return members.size() == 1 && !Deaggregator.isAggregated(first.data())
        ? single(first)
        : aggregated(aggregator, members);
  }

  private static Put aggregated(AggregatedRecordBuilder aggregator, List<KinesisEntry> members) {
    Aggregate a = aggregator.build();
    return new Put(
        members,
        PutRecordsRequestEntry.builder()
            .partitionKey(a.partitionKey())
            .explicitHashKey(a.explicitHashKey())
            .data(SdkBytes.fromByteArrayUnsafe(a.data()))
            .build(),
        a.size());
  }
}
