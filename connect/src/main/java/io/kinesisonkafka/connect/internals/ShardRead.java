package io.kinesisonkafka.connect.internals;

import io.kinesisonkafka.aggregation.CorruptAggregateException;
import io.kinesisonkafka.aggregation.Deaggregator;
import io.kinesisonkafka.aggregation.UserRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reading one shard with GetShardIterator and GetRecords from a position, and turning Kinesis
 * records into user records (KPL aggregates split, copies outside the shard's hash key range left
 * out, what the position already covers skipped). Used by a task for its own shards and to check
 * whether a parent it does not own has anything left to copy.
 */
public final class ShardRead {
  /** A user record with the Kinesis record it came from. */
  public record Item(
      UserRecord userRecord, String sequenceNumber, long subSequenceNumber, Instant arrival) {
    public String partitionKey() {
      return userRecord.partitionKey();
    }

    public String explicitHashKey() {
      return userRecord.explicitHashKey();
    }

    public byte[] data() {
      return userRecord.data();
    }

    /** Computed on use (an MD5 unless the record had an explicit hash key). */
    public java.math.BigInteger hashKey() {
      return userRecord.hashKey();
    }
  }

  /** Where a read starts when there is no stored position. */
  public record Start(String type, Instant timestamp) {}

  private final KinesisClient kinesis;
  private final ShardInfo shard;
  private final boolean deaggregate;

  public ShardRead(KinesisClient kinesis, ShardInfo shard, boolean deaggregate) {
    this.kinesis = kinesis;
    this.shard = shard;
    this.deaggregate = deaggregate;
  }

  /** An iterator right at {@code position}'s record, or at {@code start} when it is null. */
  public String iterator(SourceOffsets.Position position, Start start) {
    GetShardIteratorRequest.Builder request =
        GetShardIteratorRequest.builder().streamName(shard.stream()).shardId(shard.shardId());
    if (position != null) {
      request
          .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
          .startingSequenceNumber(position.sequenceNumber());
    } else {
      request.shardIteratorType(start.type());
      if (start.timestamp() != null) {
        request.timestamp(start.timestamp());
      }
    }
    return kinesis.getShardIterator(request.build()).shardIterator();
  }

  /** One GetRecords call. */
  public GetRecordsResponse fetch(String iterator, int limit) {
    return kinesis.getRecords(r -> r.shardIterator(iterator).limit(limit));
  }

  /** The user records of a response that {@code position} does not cover, in order. */
  public List<Item> items(GetRecordsResponse response, SourceOffsets.Position position) {
    return items(response.records(), position);
  }

  /** The user records of these Kinesis records that {@code position} does not cover, in order. */
  public List<Item> items(List<Record> records, SourceOffsets.Position position) {
    List<Item> items = new ArrayList<>(records.size());
    for (Record r : records) {
      String seq = r.sequenceNumber();
      byte[] data = r.data().asByteArrayUnsafe();
      List<UserRecord> users;
      if (deaggregate) {
        try {
          users =
              Deaggregator.deaggregate(
                  r.partitionKey(), data, shard.startingHashKey(), shard.endingHashKey());
        } catch (CorruptAggregateException e) {
          // As the KCL does with an aggregate it cannot read: pass the Kinesis record on whole.
          users = List.of(new UserRecord(r.partitionKey(), null, data, 0));
        }
      } else {
        users = List.of(new UserRecord(r.partitionKey(), null, data, 0));
      }
      for (UserRecord u : users) {
        if (position != null && position.covers(seq, u.subSequenceNumber())) {
          continue;
        }
        items.add(new Item(u, seq, u.subSequenceNumber(), r.approximateArrivalTimestamp()));
      }
    }
    return items;
  }

  /**
   * Whether nothing is left to copy after {@code position} (or from {@code start}): the shard is
   * closed and a read from there meets its end without a user record. Follows the iterator for at
   * most {@code maxCalls} GetRecords calls; false if it did not get to the end.
   */
  public boolean nothingLeft(SourceOffsets.Position position, Start start, int maxCalls) {
    String iterator = iterator(position, start);
    for (int i = 0; i < maxCalls && iterator != null; i++) {
      GetRecordsResponse response = fetch(iterator, 1000);
      if (!items(response, position).isEmpty()) {
        return false;
      }
      iterator = response.nextShardIterator();
    }
    return iterator == null;
  }
}
