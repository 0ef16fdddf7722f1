package io.kinesisonkafka.adapter.server.operations;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.VALIDATION;

import io.kinesisonkafka.adapter.model.ChildShard;
import io.kinesisonkafka.adapter.model.ConsumerDescription;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.server.protocol.Output;
import java.util.Arrays;
import java.util.List;

/** Writers for the structures several operations share, and enum parsing. */
final class Shapes {
  private Shapes() {}

  static void shard(Output out, Shard s) {
    out.string("ShardId", s.shardId())
        .string("ParentShardId", s.parentShardId())
        .string("AdjacentParentShardId", s.adjacentParentShardId())
        .object("HashKeyRange", o -> hashKeyRange(o, s.hashKeyRange()))
        .object(
            "SequenceNumberRange",
            o ->
                o.string("StartingSequenceNumber", s.sequenceNumberRange().startingSequenceNumber())
                    .string(
                        "EndingSequenceNumber", s.sequenceNumberRange().endingSequenceNumber()));
  }

  static void hashKeyRange(Output out, HashKeyRange r) {
    out.string("StartingHashKey", r.startingHashKey().toString())
        .string("EndingHashKey", r.endingHashKey().toString());
  }

  /** About what {@link #record} writes for {@code records}, in CBOR: for {@link Body#sized}. */
  /**
   * At least the CBOR size of {@code records} as {@link #record} writes them (JSON callers scale it
   * by the base64 growth): the answer buffer is sized by it, and an estimate a few bytes short
   * costs a copy of the whole answer into one twice its size.
   */
  static long recordsSize(List<Record> records) {
    long size = 0;
    for (Record r : records) {
      size += r.data().length + r.partitionKey().length() + RECORD_OVERHEAD;
    }
    return size;
  }

  /**
   * A record's CBOR bytes besides its data and key: a map (2), "SequenceNumber" (15) and 56 digits
   * (58), "ApproximateArrivalTimestamp" (29) and a tagged long (10), "Data" (5) and a byte-string
   * head (up to 5), "PartitionKey" (13) and a text head (up to 3): 140, rounded up.
   */
  static final int RECORD_OVERHEAD = 160;

  static void record(Output out, Record r) {
    out.string("SequenceNumber", r.sequenceNumber())
        .timestamp("ApproximateArrivalTimestamp", r.approximateArrivalTimestamp())
        .blob("Data", r.data())
        .string("PartitionKey", r.partitionKey());
  }

  static void childShard(Output out, ChildShard c) {
    out.string("ShardId", c.shardId())
        .strings("ParentShards", c.parentShards())
        .object("HashKeyRange", o -> hashKeyRange(o, c.hashKeyRange()));
  }

  static void childShards(Output out, List<ChildShard> children) {
    if (!children.isEmpty()) {
      out.objects("ChildShards", children, Shapes::childShard);
    }
  }

  static void consumer(Output out, ConsumerDescription c, boolean withStream) {
    out.string("ConsumerName", c.consumerName())
        .string("ConsumerARN", c.consumerArn())
        .string("ConsumerStatus", c.consumerStatus())
        .timestamp("ConsumerCreationTimestamp", c.consumerCreationTimestamp());
    if (withStream) {
      out.string("StreamARN", c.streamArn());
    }
  }

  static void enhancedMonitoring(Output out, List<String> metrics) {
    out.objects(
        "EnhancedMonitoring", List.of(metrics), (o, m) -> o.strings("ShardLevelMetrics", m));
  }

  /** An enum member; a value outside the set is a ValidationException, as the model says. */
  static <E extends Enum<E>> E enumOf(Class<E> type, String member, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw VALIDATION.exception(
          "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must"
              + " satisfy enum value set: %s",
          value, member, Arrays.toString(type.getEnumConstants()));
    }
  }
}
