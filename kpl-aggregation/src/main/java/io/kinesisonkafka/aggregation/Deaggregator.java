package io.kinesisonkafka.aggregation;

import static io.kinesisonkafka.aggregation.AggregationFormat.DATA;
import static io.kinesisonkafka.aggregation.AggregationFormat.DIGEST_LENGTH;
import static io.kinesisonkafka.aggregation.AggregationFormat.EXPLICIT_HASH_KEY_INDEX;
import static io.kinesisonkafka.aggregation.AggregationFormat.EXPLICIT_HASH_KEY_TABLE;
import static io.kinesisonkafka.aggregation.AggregationFormat.MAGIC;
import static io.kinesisonkafka.aggregation.AggregationFormat.MAX_HASH_KEY;
import static io.kinesisonkafka.aggregation.AggregationFormat.OVERHEAD;
import static io.kinesisonkafka.aggregation.AggregationFormat.PARTITION_KEY_INDEX;
import static io.kinesisonkafka.aggregation.AggregationFormat.PARTITION_KEY_TABLE;
import static io.kinesisonkafka.aggregation.AggregationFormat.RECORDS;
import static io.kinesisonkafka.aggregation.AggregationFormat.TAGS;
import static io.kinesisonkafka.aggregation.AggregationFormat.TAG_KEY;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Unpacks the user records of a Kinesis record written in the KPL's aggregated format, as the KCL
 * does.
 *
 * <p>A record whose data does not start with the magic bytes {@code F3 89 9A C2} is not an
 * aggregate and comes back as one user record: its own partition key and data, no explicit hash key
 * (Kinesis does not return one), sub-sequence number 0. The magic is not valid UTF-8, so text
 * payloads never look like aggregates.
 *
 * <p>Unlike the KCL, a record that starts with the magic but is not a sound aggregate is an error,
 * {@link CorruptAggregateException}, not data passed on: the KCL hands it to the application as one
 * raw record when the MD5 does not match or the protobuf does not parse; when a key index is out of
 * range or an explicit hash key is not a number, it means to log an error and drop that user record
 * and the rest of the aggregate, keeping those before it (KCL 3.5.1 on Java 11+ throws
 * NoClassDefFoundError there instead: it builds the log message with JAXB, which it does not
 * declare). Also unlike the KCL, partition keys and explicit hash keys must be valid UTF-8, and an
 * aggregate of exactly 20 bytes (magic and the MD5 of an empty message) is an aggregate of no user
 * records, which the KCL passes on as a raw record. Tags and unknown fields are read past, as
 * protobuf does.
 *
 * <p>Stateless; every method is thread-safe. The lists returned are unmodifiable. Returned user
 * records share no array with the input, except a record that was not aggregated, whose data is the
 * input array itself.
 */
public final class Deaggregator {

  private static final int PARTITION_KEY_TABLE_TAG =
      AggregationFormat.tag(PARTITION_KEY_TABLE, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int EXPLICIT_HASH_KEY_TABLE_TAG =
      AggregationFormat.tag(EXPLICIT_HASH_KEY_TABLE, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int RECORDS_TAG =
      AggregationFormat.tag(RECORDS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int PARTITION_KEY_INDEX_TAG =
      AggregationFormat.tag(PARTITION_KEY_INDEX, WireFormat.WIRETYPE_VARINT);
  private static final int EXPLICIT_HASH_KEY_INDEX_TAG =
      AggregationFormat.tag(EXPLICIT_HASH_KEY_INDEX, WireFormat.WIRETYPE_VARINT);
  private static final int DATA_TAG =
      AggregationFormat.tag(DATA, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int TAGS_TAG =
      AggregationFormat.tag(TAGS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int TAG_KEY_TAG =
      AggregationFormat.tag(TAG_KEY, WireFormat.WIRETYPE_LENGTH_DELIMITED);

  private Deaggregator() {}

  /**
   * Whether the data claims to be an aggregate: it starts with the magic bytes {@code F3 89 9A C2}.
   * {@link #deaggregate} checks the rest.
   *
   * @param data a Kinesis record's data
   * @return true if it starts with the magic bytes
   * @throws NullPointerException if {@code data} is null
   */
  public static boolean isAggregated(byte[] data) {
    return AggregationFormat.startsWithMagic(Objects.requireNonNull(data, "data"));
  }

  /**
   * The user records of a Kinesis record: those of the aggregate in order, user record {@code i}
   * with sub-sequence number {@code i}; or, if it is not an aggregate, the record itself as one
   * user record with sub-sequence number 0.
   *
   * @param partitionKey the Kinesis record's partition key, that of the user record if it is not an
   *     aggregate
   * @param data the Kinesis record's data
   * @return the user records, in order; at least one
   * @throws CorruptAggregateException if the data starts with the magic but is not a sound
   *     aggregate
   */
  public static List<UserRecord> deaggregate(String partitionKey, byte[] data) {
    return deaggregate(partitionKey, data, BigInteger.ZERO, MAX_HASH_KEY);
  }

  /**
   * The user records of a Kinesis record read from a shard with hash key range {@code
   * [startingHashKey, endingHashKey]}, leaving out the user records of an aggregate whose hash key
   * (the explicit hash key, or the MD5 of the partition key, as an unsigned 128-bit integer) lies
   * outside the range. The records kept keep their sub-sequence numbers, their index in the
   * aggregate. A record that is not an aggregate is never left out: Kinesis put it on this shard.
   *
   * <p>Why: an aggregate routes as one record, by its first user record's hash key, but each of its
   * user records belongs to the shard its own hash key falls in. After a reshard, a producer with a
   * stale shard map aggregates for the parent's range, and the aggregate lands on one child holding
   * user records of the other. The KPL sees the Kinesis answer name another shard than it predicted
   * and puts those user records again, on their own shard ("Wrong Shard" retries), while the user
   * records that do belong to the shard it landed on count as written. So the out-of-range copies
   * are duplicates, which the consumer of this shard must skip, and the rest must be delivered: the
   * shard that owns a hash key delivers its user records exactly once.
   *
   * <p>The KCL ({@code AggregatorUtil.deaggregate(records, startingHashKey, endingHashKey)}, called
   * by its ProcessTask with the shard's range) skips the whole aggregate as soon as one user record
   * is out of range, the in-range user records with it. That loses the in-range user records of an
   * aggregate the KPL counted as written on a child shard. This method leaves out only the
   * out-of-range ones; for aggregates that the KPL wrote for one shard's range, the two agree.
   *
   * @param partitionKey the Kinesis record's partition key, that of the user record if it is not an
   *     aggregate
   * @param data the Kinesis record's data
   * @param startingHashKey the shard's starting hash key, inclusive
   * @param endingHashKey the shard's ending hash key, inclusive
   * @return the user records in range, in order; possibly empty for an aggregate
   * @throws CorruptAggregateException if the data starts with the magic but is not a sound
   *     aggregate, whichever user records the range would keep
   * @throws IllegalArgumentException if the range is not within {@code [0, 2^128-1]} or starts
   *     after it ends
   */
  public static List<UserRecord> deaggregate(
      String partitionKey, byte[] data, BigInteger startingHashKey, BigInteger endingHashKey) {
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(startingHashKey, "startingHashKey");
    Objects.requireNonNull(endingHashKey, "endingHashKey");
    if (startingHashKey.signum() < 0
        || endingHashKey.compareTo(MAX_HASH_KEY) > 0
        || startingHashKey.compareTo(endingHashKey) > 0) {
      throw new IllegalArgumentException(
          "The hash key range must lie within [0, 2^128-1] and start before it ends: ["
              + startingHashKey
              + ", "
              + endingHashKey
              + "]");
    }
    if (!isAggregated(data)) {
      return List.of(new UserRecord(partitionKey, null, data, 0));
    }
    boolean everything =
        startingHashKey.signum() == 0 && endingHashKey.compareTo(MAX_HASH_KEY) == 0;
    Parsed parsed = parse(data, !everything);
    if (everything) {
      return Collections.unmodifiableList(parsed.records);
    }
    List<UserRecord> userRecords = new ArrayList<>(parsed.records.size());
    for (int i = 0; i < parsed.records.size(); i++) {
      UserRecord userRecord = parsed.records.get(i);
      if (inRange(parsed.hashKeys.get(i), startingHashKey, endingHashKey)) {
        userRecords.add(userRecord);
      }
    }
    return Collections.unmodifiableList(userRecords);
  }

  private static boolean inRange(BigInteger hashKey, BigInteger start, BigInteger end) {
    return hashKey.compareTo(start) >= 0 && hashKey.compareTo(end) <= 0;
  }

  /** The user records of a sound aggregate, with their hash keys if asked for. */
  private record Parsed(List<UserRecord> records, List<BigInteger> hashKeys) {}

  /** A Record message before its key indexes are resolved. */
  private record RawRecord(
      long partitionKeyIndex,
      boolean hasExplicitHashKeyIndex,
      long explicitHashKeyIndex,
      byte[] data) {}

  private static Parsed parse(byte[] data, boolean withHashKeys) {
    if (data.length < OVERHEAD) {
      throw new CorruptAggregateException(
          "Truncated aggregate: "
              + data.length
              + " bytes, but the magic and the MD5 alone take "
              + OVERHEAD);
    }
    int protobufLength = data.length - OVERHEAD;
    int digestOffset = MAGIC.length + protobufLength;
    byte[] digest = AggregationFormat.md5(data, MAGIC.length, protobufLength);
    if (!Arrays.equals(digest, 0, DIGEST_LENGTH, data, digestOffset, data.length)) {
      throw new CorruptAggregateException(
          "Corrupt aggregate: the MD5 of its " + protobufLength + "-byte message does not match");
    }

    List<String> partitionKeys = new ArrayList<>();
    List<String> explicitHashKeys = new ArrayList<>();
    List<RawRecord> rawRecords = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(data, MAGIC.length, protobufLength);
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == PARTITION_KEY_TABLE_TAG) {
          partitionKeys.add(in.readStringRequireUtf8());
        } else if (tag == EXPLICIT_HASH_KEY_TABLE_TAG) {
          explicitHashKeys.add(in.readStringRequireUtf8());
        } else if (tag == RECORDS_TAG) {
          int limit = in.pushLimit(in.readRawVarint32());
          rawRecords.add(readRecord(in, rawRecords.size()));
          in.popLimit(limit);
        } else {
          skipUnknownField(in, tag);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptAggregateException("Corrupt aggregate: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new CorruptAggregateException("Corrupt aggregate: " + e, e);
    }

    BigInteger[] partitionKeyHashes = new BigInteger[partitionKeys.size()];
    BigInteger[] explicitHashKeyValues = new BigInteger[explicitHashKeys.size()];
    List<UserRecord> records = new ArrayList<>(rawRecords.size());
    List<BigInteger> hashKeys = new ArrayList<>(rawRecords.size());
    for (int i = 0; i < rawRecords.size(); i++) {
      RawRecord raw = rawRecords.get(i);
      int partitionKeyIndex =
          tableIndex(raw.partitionKeyIndex, partitionKeys.size(), i, "partition key");
      String partitionKey = partitionKeys.get(partitionKeyIndex);
      String explicitHashKey = null;
      BigInteger hashKey;
      if (raw.hasExplicitHashKeyIndex) {
        int index =
            tableIndex(raw.explicitHashKeyIndex, explicitHashKeys.size(), i, "explicit hash key");
        explicitHashKey = explicitHashKeys.get(index);
        if (explicitHashKeyValues[index] == null) {
          explicitHashKeyValues[index] = AggregationFormat.parseHashKey(explicitHashKey);
          if (explicitHashKeyValues[index] == null) {
            throw new CorruptAggregateException(
                "Corrupt aggregate: explicit hash key "
                    + index
                    + " is not a decimal in [0, 2^128-1]: "
                    + explicitHashKey);
          }
        }
        hashKey = explicitHashKeyValues[index];
      } else if (withHashKeys) {
        if (partitionKeyHashes[partitionKeyIndex] == null) {
          partitionKeyHashes[partitionKeyIndex] =
              AggregationFormat.hashKeyOfPartitionKey(partitionKey);
        }
        hashKey = partitionKeyHashes[partitionKeyIndex];
      } else {
        hashKey = null;
      }
      records.add(new UserRecord(partitionKey, explicitHashKey, raw.data, i));
      if (withHashKeys) {
        hashKeys.add(hashKey);
      }
    }
    return new Parsed(records, hashKeys);
  }

  private static RawRecord readRecord(CodedInputStream in, int position) throws IOException {
    long partitionKeyIndex = 0;
    boolean hasPartitionKeyIndex = false;
    long explicitHashKeyIndex = 0;
    boolean hasExplicitHashKeyIndex = false;
    byte[] data = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == PARTITION_KEY_INDEX_TAG) {
        partitionKeyIndex = in.readUInt64();
        hasPartitionKeyIndex = true;
      } else if (tag == EXPLICIT_HASH_KEY_INDEX_TAG) {
        explicitHashKeyIndex = in.readUInt64();
        hasExplicitHashKeyIndex = true;
      } else if (tag == DATA_TAG) {
        data = in.readByteArray();
      } else if (tag == TAGS_TAG) {
        int limit = in.pushLimit(in.readRawVarint32());
        readTag(in, position);
        in.popLimit(limit);
      } else {
        skipUnknownField(in, tag);
      }
    }
    if (!hasPartitionKeyIndex || data == null) {
      throw new CorruptAggregateException(
          "Corrupt aggregate: record "
              + position
              + " lacks required field "
              + (hasPartitionKeyIndex ? "data" : "partition_key_index"));
    }
    return new RawRecord(partitionKeyIndex, hasExplicitHashKeyIndex, explicitHashKeyIndex, data);
  }

  /** Reads past a Tag message, checking that it has its required key. */
  private static void readTag(CodedInputStream in, int position) throws IOException {
    boolean hasKey = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == TAG_KEY_TAG) {
        in.skipField(tag);
        hasKey = true;
      } else {
        skipUnknownField(in, tag);
      }
    }
    if (!hasKey) {
      throw new CorruptAggregateException(
          "Corrupt aggregate: a tag of record " + position + " lacks required field key");
    }
  }

  private static void skipUnknownField(CodedInputStream in, int tag) throws IOException {
    if (!in.skipField(tag)) {
      throw new CorruptAggregateException("Corrupt aggregate: an end-group tag without its group");
    }
  }

  private static int tableIndex(long index, int tableSize, int position, String table) {
    if (index < 0 || index >= tableSize) {
      throw new CorruptAggregateException(
          "Corrupt aggregate: record "
              + position
              + " has "
              + table
              + " index "
              + Long.toUnsignedString(index)
              + ", but the "
              + table
              + " table has "
              + tableSize
              + " entries");
    }
    return (int) index;
  }
}
