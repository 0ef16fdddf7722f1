package io.kinesisonkafka.consumer.internals;

import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.aggregation.CorruptAggregateException;
import io.kinesisonkafka.aggregation.Deaggregator;
import io.kinesisonkafka.aggregation.UserRecord;
import io.kinesisonkafka.consumer.CorruptRecord;
import io.kinesisonkafka.consumer.KinesisClientRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Turns a shard's fetched records into the user records processors see: sequence numbers from the
 * shard's numbering, KPL aggregates unpacked within the shard's hash key range, and corrupt
 * aggregates set aside as {@link CorruptRecord}s instead of passed on as data.
 */
final class UserRecords {
  private UserRecords() {}

  /** Result of one record: its user records, or why it is corrupt; and its last sub number. */
  record Unpacked(List<KinesisClientRecord> records, CorruptRecord corrupt, long lastSub) {}

  static Unpacked unpack(ShardView shard, FetchedRecord r, long skipThroughSub) {
    String seq = shard.sequenceNumber(r.offset(), r.timestampMillis());
    String partitionKey = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    byte[] value = r.value() == null ? new byte[0] : r.value();
    Instant arrival = Instant.ofEpochMilli(r.timestampMillis());
    if (!Deaggregator.isAggregated(value)) {
      if (skipThroughSub >= 0) {
        return new Unpacked(List.of(), null, 0);
      }
      return new Unpacked(
          List.of(
              new KinesisClientRecord(
                  seq,
                  0,
                  partitionKey,
                  r.explicitHashKey(),
                  arrival,
                  ByteBuffer.wrap(value),
                  false)),
          null,
          0);
    }
    List<UserRecord> users;
    try {
      users =
          Deaggregator.deaggregate(
              partitionKey, value, shard.startingHashKey(), shard.endingHashKey());
    } catch (CorruptAggregateException e) {
      return new Unpacked(
          List.of(), new CorruptRecord(seq, partitionKey, value, e.getMessage()), Long.MAX_VALUE);
    }
    List<KinesisClientRecord> out =
        users.stream()
            .filter(u -> u.subSequenceNumber() > skipThroughSub)
            .map(
                u ->
                    new KinesisClientRecord(
                        seq,
                        u.subSequenceNumber(),
                        u.partitionKey(),
                        u.explicitHashKey(),
                        arrival,
                        ByteBuffer.wrap(u.data()),
                        true))
            .toList();
    long lastSub = users.isEmpty() ? 0 : users.get(users.size() - 1).subSequenceNumber();
    return new Unpacked(out, null, lastSub);
  }
}
