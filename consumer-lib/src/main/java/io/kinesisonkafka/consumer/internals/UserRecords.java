package io.kinesisonkafka.consumer.internals;

import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.aggregation.CorruptAggregateException;
import io.kinesisonkafka.aggregation.Deaggregator;
import io.kinesisonkafka.aggregation.UserRecord;
import io.kinesisonkafka.consumer.CorruptRecord;
import io.kinesisonkafka.consumer.KinesisClientRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a shard's fetched records into the user records processors see: sequence numbers from the
 * shard's numbering, KPL aggregates unpacked within the shard's hash key range, and corrupt
 * aggregates set aside as {@link CorruptRecord}s instead of passed on as data.
 */
final class UserRecords {
  private UserRecords() {}

  /** Result of one record: its user records, or why it is corrupt; and its last sub number. */
  record Unpacked(List<KinesisClientRecord> records, CorruptRecord corrupt, long lastSub) {}

  /** The record as a user record if it is not an aggregate (the common case), else null. */
  static KinesisClientRecord plain(
      KinesisClientRecord.SequenceSource numbering, FetchedBatch batch, int i) {
    byte[] value = batch.value(i);
    if (value == null) {
      value = new byte[0];
    } else if (Deaggregator.isAggregated(value)) {
      return null;
    }
    byte[] key = batch.key(i);
    long timestamp = batch.timestampMillis(i);
    return KinesisClientRecord.deferred(
        numbering,
        batch.offset(i),
        0,
        null,
        key == null ? new byte[0] : key,
        batch.explicitHashKey(i),
        timestamp,
        value,
        false);
  }

  /** A record that {@link #plain} did not take: an aggregate, sound or not. */
  static Unpacked unpack(ShardView shard, FetchedBatch batch, int i, long skipThroughSub) {
    FetchedRecord r =
        new FetchedRecord(
            batch.offset(i),
            batch.timestampMillis(i),
            batch.key(i),
            batch.value(i),
            batch.explicitHashKey(i));
    Supplier<String> seq = new SequenceNumber(shard, r.offset(), r.timestampMillis());
    byte[] key = r.key() == null ? new byte[0] : r.key();
    byte[] value = r.value() == null ? new byte[0] : r.value();
    String partitionKey = new String(key, StandardCharsets.UTF_8);
    List<UserRecord> users;
    try {
      users =
          Deaggregator.deaggregate(
              partitionKey, value, shard.startingHashKey(), shard.endingHashKey());
    } catch (CorruptAggregateException e) {
      return new Unpacked(
          List.of(),
          new CorruptRecord(seq.get(), partitionKey, value, e.getMessage()),
          Long.MAX_VALUE);
    }
    List<KinesisClientRecord> out = new ArrayList<>(users.size());
    for (UserRecord u : users) {
      if (u.subSequenceNumber() > skipThroughSub) {
        out.add(
            KinesisClientRecord.deferred(
                (offset, timestamp) -> seq.get(),
                r.offset(),
                u.subSequenceNumber(),
                u.partitionKey(),
                null,
                u.explicitHashKey(),
                r.timestampMillis(),
                u.data(),
                true));
      }
    }
    long lastSub = users.isEmpty() ? 0 : users.get(users.size() - 1).subSequenceNumber();
    return new Unpacked(out, null, lastSub);
  }

  /** A record's sequence number, formatted once, on first use. */
  private static final class SequenceNumber implements Supplier<String> {
    private final ShardView shard;
    private final long offset;
    private final long timestampMillis;
    private String value;

    SequenceNumber(ShardView shard, long offset, long timestampMillis) {
      this.shard = shard;
      this.offset = offset;
      this.timestampMillis = timestampMillis;
    }

    @Override
    public String get() {
      String v = value;
      if (v == null) {
        v = shard.sequenceNumber(offset, timestampMillis);
        value = v;
      }
      return v;
    }
  }
}
