package io.kinesisonkafka.producer.internals;

import io.kinesisonkafka.adapter.catalog.StreamView;
import io.kinesisonkafka.aggregation.AggregatedRecordBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * KPL aggregation: one open aggregate per shard, filled by the callers' threads and sealed when
 * full (on the adding thread) or older than {@code RecordMaxBufferedTime} (on the timer thread).
 * Only records routed to the same shard share an aggregate; the ShardWriter re-checks that when the
 * shard map changed before the aggregate left.
 */
final class ShardAggregates {
  private final int maxSize;
  private final int maxCount;
  private final long ttlNanos;
  private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, OpenAggregate>> byStream =
      new ConcurrentHashMap<>();

  /** One shard's open aggregate. Guarded by itself. */
  private final class OpenAggregate {
    final String stream;
    final AggregatedRecordBuilder builder = new AggregatedRecordBuilder(maxSize, maxCount);
    List<PendingUserRecord> users = new ArrayList<>();
    long firstNanos;
    long bytes;
    long version;

    OpenAggregate(String stream) {
      this.stream = stream;
    }

    OutgoingRecord seal() {
      if (users.isEmpty()) {
        return null;
      }
      OutgoingRecord sealed =
          OutgoingRecord.aggregate(
              stream, users, builder.build(), version, firstNanos, bytes, ttlNanos);
      builder.reset();
      users = new ArrayList<>(users.size());
      bytes = 0;
      return sealed;
    }
  }

  ShardAggregates(int maxSize, int maxCount, long ttlNanos) {
    this.maxSize = maxSize;
    this.maxCount = maxCount;
    this.ttlNanos = ttlNanos;
  }

  /**
   * Adds a user record to its shard's aggregate. An aggregate sealed by this call (the one the
   * record did not fit in, or the record's own when it filled it) goes to {@code placer} under the
   * shard's lock, so aggregates of a shard leave in the order they were filled, whichever thread
   * seals them.
   */
  void add(
      String stream,
      long version,
      int shard,
      PendingUserRecord record,
      Consumer<OutgoingRecord> placer) {
    OpenAggregate aggregate =
        byStream
            .computeIfAbsent(stream, s -> new ConcurrentHashMap<>())
            .computeIfAbsent(shard, s -> new OpenAggregate(stream));
    synchronized (aggregate) {
      // No hash key given: the builder needs only the first one, once per aggregate.
      if (!aggregate.builder.tryAdd(record.partitionKey, record.explicitHashKey, record.data)) {
        placer.accept(aggregate.seal());
        if (!aggregate.builder.tryAdd(record.partitionKey, record.explicitHashKey, record.data)) {
          throw new IllegalStateException(
              "A record that fits alone did not fit an empty aggregate");
        }
      }
      if (aggregate.users.isEmpty()) {
        aggregate.firstNanos = record.arrivalNanos;
        aggregate.version = version;
      } else if (record.arrivalNanos - aggregate.firstNanos < 0) {
        aggregate.firstNanos = record.arrivalNanos;
      }
      aggregate.users.add(record);
      aggregate.bytes += record.size;
      if (aggregate.builder.count() >= maxCount) {
        placer.accept(aggregate.seal());
      }
    }
  }

  /** Seals the aggregates whose first record arrived before {@code arrivedBeforeNanos}. */
  void sealOlderThan(long arrivedBeforeNanos, Consumer<OutgoingRecord> then) {
    seal(null, b -> b.firstNanos - arrivedBeforeNanos < 0, then);
  }

  /** Seals every aggregate of one stream, or of all streams when {@code stream} is null. */
  void sealAll(String stream, Consumer<OutgoingRecord> then) {
    seal(stream, b -> true, then);
  }

  /**
   * The shard map changed under an aggregate and its user records now belong to several shards:
   * re-aggregates them per shard of {@code stream} (in their order) and hands each to {@code
   * placer}.
   */
  void regroup(OutgoingRecord record, StreamView stream, Consumer<OutgoingRecord> placer) {
    Map<Integer, List<PendingUserRecord>> groups = new LinkedHashMap<>();
    for (PendingUserRecord u : record.users()) {
      groups
          .computeIfAbsent(stream.route(u.hashHigh, u.hashLow).index(), i -> new ArrayList<>())
          .add(u);
    }
    for (List<PendingUserRecord> group : groups.values()) {
      AggregatedRecordBuilder builder = new AggregatedRecordBuilder(maxSize, maxCount);
      List<PendingUserRecord> members = new ArrayList<>();
      for (PendingUserRecord u : group) {
        if (!builder.tryAdd(u.partitionKey, u.explicitHashKey, u.data)) {
          placer.accept(
              OutgoingRecord.aggregate(
                  record.stream(), members, builder.build(), stream.version(), ttlNanos));
          builder.reset();
          members = new ArrayList<>();
          builder.tryAdd(u.partitionKey, u.explicitHashKey, u.data);
        }
        members.add(u);
      }
      placer.accept(
          OutgoingRecord.aggregate(
              record.stream(), members, builder.build(), stream.version(), ttlNanos));
    }
  }

  private void seal(
      String stream,
      java.util.function.Predicate<OpenAggregate> which,
      Consumer<OutgoingRecord> then) {
    byStream.forEach(
        (name, shards) -> {
          if (stream != null && !stream.equals(name)) {
            return;
          }
          for (OpenAggregate aggregate : shards.values()) {
            synchronized (aggregate) {
              if (!aggregate.users.isEmpty() && which.test(aggregate)) {
                then.accept(aggregate.seal());
              }
            }
          }
        });
  }
}
