package io.kinesisonkafka.aggregation;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.kpl.Messages;

/** The real KCL's de-aggregation and the KPL's format built with the KCL's generated Messages. */
final class Kcl {

  static final byte[] MAGIC = AggregatorUtil.AGGREGATED_RECORD_MAGIC;

  private Kcl() {}

  /** What the KCL's AggregatorUtil makes of a Kinesis record, as our user records. */
  static List<UserRecord> deaggregate(String partitionKey, byte[] data) {
    return toUserRecords(new AggregatorUtil().deaggregate(List.of(record(partitionKey, data))));
  }

  /** The same, filtering by a shard's hash key range. */
  static List<UserRecord> deaggregate(
      String partitionKey, byte[] data, BigInteger startingHashKey, BigInteger endingHashKey) {
    return toUserRecords(
        new AggregatorUtil()
            .deaggregate(List.of(record(partitionKey, data)), startingHashKey, endingHashKey));
  }

  private static KinesisClientRecord record(String partitionKey, byte[] data) {
    return KinesisClientRecord.builder()
        .sequenceNumber("49590338271490256608559692538361571095921575989136588898")
        .partitionKey(partitionKey)
        .data(ByteBuffer.wrap(data))
        .build();
  }

  private static List<UserRecord> toUserRecords(List<KinesisClientRecord> records) {
    List<UserRecord> userRecords = new ArrayList<>();
    for (KinesisClientRecord r : records) {
      ByteBuffer buffer = r.data().duplicate();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      userRecords.add(
          new UserRecord(r.partitionKey(), r.explicitHashKey(), bytes, r.subSequenceNumber()));
    }
    return userRecords;
  }

  /**
   * The KPL's protobuf message for these entries, built with the generated Messages: keys stored
   * once each, in order of first use, as the KPL's KinesisRecord does.
   */
  static Messages.AggregatedRecord message(List<Entry> entries) {
    Map<String, Integer> partitionKeys = new LinkedHashMap<>();
    Map<String, Integer> explicitHashKeys = new LinkedHashMap<>();
    Messages.AggregatedRecord.Builder aggregate = Messages.AggregatedRecord.newBuilder();
    for (Entry e : entries) {
      Messages.Record.Builder record =
          Messages.Record.newBuilder()
              .setPartitionKeyIndex(
                  partitionKeys.computeIfAbsent(e.partitionKey(), k -> partitionKeys.size()))
              .setData(ByteString.copyFrom(e.data()));
      if (e.explicitHashKey() != null) {
        record.setExplicitHashKeyIndex(
            explicitHashKeys.computeIfAbsent(e.explicitHashKey(), k -> explicitHashKeys.size()));
      }
      aggregate.addRecords(record);
    }
    return aggregate
        .addAllPartitionKeyTable(partitionKeys.keySet())
        .addAllExplicitHashKeyTable(explicitHashKeys.keySet())
        .build();
  }

  /** The KPL's aggregated record for these entries: magic, message, MD5 of the message. */
  static byte[] aggregate(List<Entry> entries) {
    return frame(message(entries).toByteArray());
  }

  /** Magic, the given protobuf bytes, and their MD5. */
  static byte[] frame(byte[] protobuf) {
    byte[] digest = md5(protobuf);
    byte[] data = new byte[MAGIC.length + protobuf.length + digest.length];
    System.arraycopy(MAGIC, 0, data, 0, MAGIC.length);
    System.arraycopy(protobuf, 0, data, MAGIC.length, protobuf.length);
    System.arraycopy(digest, 0, data, MAGIC.length + protobuf.length, digest.length);
    return data;
  }

  static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
