package io.kinesisonkafka.aggregation;

import static io.kinesisonkafka.aggregation.AggregationFormat.DATA;
import static io.kinesisonkafka.aggregation.AggregationFormat.DIGEST_LENGTH;
import static io.kinesisonkafka.aggregation.AggregationFormat.EXPLICIT_HASH_KEY_INDEX;
import static io.kinesisonkafka.aggregation.AggregationFormat.EXPLICIT_HASH_KEY_TABLE;
import static io.kinesisonkafka.aggregation.AggregationFormat.MAGIC;
import static io.kinesisonkafka.aggregation.AggregationFormat.OVERHEAD;
import static io.kinesisonkafka.aggregation.AggregationFormat.PARTITION_KEY_INDEX;
import static io.kinesisonkafka.aggregation.AggregationFormat.PARTITION_KEY_TABLE;
import static io.kinesisonkafka.aggregation.AggregationFormat.RECORDS;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Packs user records into one Kinesis record in the KPL's aggregated format, which the KCL (and
 * {@link Deaggregator}) unpacks again.
 *
 * <p>Use: {@link #tryAdd} user records until it refuses one, {@link #build()} the record and put
 * it, {@link #reset()}, and add the refused record to the next. {@code tryAdd} never lets the
 * record outgrow the limits: {@link #size()} is the exact size of what {@code build()} would return
 * now, as Kinesis counts it (data plus partition key in UTF-8), and stays at most {@code maxSize}.
 *
 * <p>What the record looks like, as the KPL does it:
 *
 * <ul>
 *   <li>One user record is put as it is: its own data, partition key and hash key. (Unless its data
 *       starts with the aggregation magic: then it is wrapped in an aggregate of one, so that a
 *       de-aggregating consumer does not take it for an aggregate.)
 *   <li>Two or more go into the aggregated format. Partition keys and explicit hash keys are stored
 *       once each in the key tables, in order of first use; a user record's explicit hash key only
 *       if it had one.
 *   <li>The record routes by the first user record's hash key ({@link
 *       Aggregate#explicitHashKey()}), so it lands on the first user record's shard. Aggregate only
 *       user records bound for one shard: a de-aggregating consumer drops those outside its shard's
 *       hash key range (see {@link Deaggregator#deaggregate(String, byte[], BigInteger,
 *       BigInteger)}).
 * </ul>
 *
 * <p>Not thread-safe: one builder per thread, or guard it. The builder copies each user record's
 * data when it accepts it; the caller may reuse its array afterwards. It keeps its buffer across
 * {@link #reset()} (it grows to at most {@code maxSize}).
 */
public final class AggregatedRecordBuilder {

  /** Kinesis' default record size limit, {@code 1 MiB}: data plus partition key (UTF-8). */
  public static final int KINESIS_MAX_RECORD_SIZE = 1 << 20;

  /** The largest {@code maxSize} this builder takes, {@code 1 GiB}. */
  public static final int MAX_SIZE_LIMIT = 1 << 30;

  /** Kinesis' limit on a partition key's length, in characters. */
  public static final int MAX_PARTITION_KEY_LENGTH = 256;

  private static final int INITIAL_CAPACITY = 1024;

  private final int maxSize;
  private final int maxCount;

  private final Map<String, PartitionKeyEntry> partitionKeys = new HashMap<>();
  private final List<PartitionKeyEntry> partitionKeyTable = new ArrayList<>();
  private long partitionKeyTableSize;

  private final Map<String, Integer> explicitHashKeys = new HashMap<>();
  private final List<byte[]> explicitHashKeyTable = new ArrayList<>();
  private final List<BigInteger> explicitHashKeyValues = new ArrayList<>();
  private long explicitHashKeyTableSize;

  /** The encoded Record fields (field 3 of AggregatedRecord), one after another. */
  private byte[] records = new byte[INITIAL_CAPACITY];

  private int recordsLength;

  /**
   * Per user record, in order: its partition key's and explicit hash key's (-1: none) table
   * indexes. Positions are made from these only when asked for ({@link Aggregate#positions()}), so
   * a producer that routed its records itself pays no hash key per record here.
   */
  private int[] keyIndexes = new int[64];

  private int[] hashKeyIndexes = new int[64];
  private int count;
  private int firstPartitionKeyLength;
  private boolean firstDataStartsWithMagic;
  private int size;

  /** A builder with Kinesis' default record size limit (1 MiB) and no count limit. */
  public AggregatedRecordBuilder() {
    this(KINESIS_MAX_RECORD_SIZE, Integer.MAX_VALUE);
  }

  /**
   * A builder with the given limits.
   *
   * @param maxSize the most the record may weigh as Kinesis counts it: data plus partition key in
   *     UTF-8 (the stream's record size limit, 1 MiB by default); 1 to {@link #MAX_SIZE_LIMIT}
   * @param maxCount the most user records it may carry; at least 1
   * @throws IllegalArgumentException if a limit is out of its range
   */
  public AggregatedRecordBuilder(int maxSize, int maxCount) {
    if (maxSize < 1 || maxSize > MAX_SIZE_LIMIT) {
      throw new IllegalArgumentException(
          "maxSize must be between 1 and " + MAX_SIZE_LIMIT + ": " + maxSize);
    }
    if (maxCount < 1) {
      throw new IllegalArgumentException("maxCount must be positive: " + maxCount);
    }
    this.maxSize = maxSize;
    this.maxCount = maxCount;
  }

  /**
   * Adds a user record if the record still fits the limits with it.
   *
   * @param partitionKey 1 to 256 characters, well-formed Unicode (no lone surrogates)
   * @param explicitHashKeyOrNull null, or a hash key as PutRecord takes it: a decimal in {@code [0,
   *     2^128-1]} without leading zeros
   * @param data the user record's data; copied
   * @return true if added; false if the record would outgrow {@code maxSize} or {@code maxCount}
   *     with it, in which case nothing changed. An empty builder refuses only a user record that
   *     does not fit on its own: with the default limit, one Kinesis would refuse too.
   * @throws IllegalArgumentException if a key is not one Kinesis takes
   */
  public boolean tryAdd(String partitionKey, String explicitHashKeyOrNull, byte[] data) {
    return tryAdd(partitionKey, explicitHashKeyOrNull, data, null);
  }

  /**
   * Like {@link #tryAdd(String, String, byte[])} for a caller that already computed the record's
   * effective hash key (its explicit hash key, or the MD5 of its partition key), as a producer that
   * routed the record has: saves computing it a second time. The caller vouches for it.
   *
   * @param partitionKey 1 to 256 characters, well-formed Unicode (no lone surrogates)
   * @param explicitHashKeyOrNull null, or a hash key as PutRecord takes it: a decimal in {@code [0,
   *     2^128-1]} without leading zeros
   * @param data the user record's data; copied
   * @param effectiveHashKey the record's hash key; null to have it computed
   * @return true if added; false if the record would outgrow {@code maxSize} or {@code maxCount}
   *     with it, in which case nothing changed
   * @throws IllegalArgumentException if a key is not one Kinesis takes
   * @throws NullPointerException if {@code partitionKey} or {@code data} is null
   */
  public boolean tryAdd(
      String partitionKey, String explicitHashKeyOrNull, byte[] data, BigInteger effectiveHashKey) {
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(data, "data");
    PartitionKeyEntry known = partitionKeys.get(partitionKey);
    PartitionKeyEntry key =
        known != null
            ? known
            : newPartitionKeyEntry(
                partitionKey, explicitHashKeyOrNull == null ? effectiveHashKey : null);
    Integer knownHashKeyIndex =
        explicitHashKeyOrNull == null ? null : explicitHashKeys.get(explicitHashKeyOrNull);
    BigInteger newExplicitHashKey = null;
    if (explicitHashKeyOrNull != null && knownHashKeyIndex == null) {
      newExplicitHashKey =
          effectiveHashKey != null
              ? effectiveHashKey
              : AggregationFormat.parseCanonicalHashKey(explicitHashKeyOrNull);
      if (newExplicitHashKey == null) {
        throw new IllegalArgumentException(
            "explicitHashKey must be a decimal in [0, 2^128-1] without leading zeros: "
                + explicitHashKeyOrNull);
      }
    }
    if (count >= maxCount || data.length > maxSize) {
      return false;
    }

    long tablesGrowth = 0;
    if (known == null) {
      tablesGrowth += CodedOutputStream.computeByteArraySize(PARTITION_KEY_TABLE, key.utf8);
    }
    int hashKeyIndex = -1;
    byte[] hashKeyAscii = null;
    if (knownHashKeyIndex != null) {
      hashKeyIndex = knownHashKeyIndex;
    } else if (explicitHashKeyOrNull != null) {
      hashKeyIndex = explicitHashKeyTable.size();
      hashKeyAscii = explicitHashKeyOrNull.getBytes(StandardCharsets.US_ASCII);
      tablesGrowth += CodedOutputStream.computeByteArraySize(EXPLICIT_HASH_KEY_TABLE, hashKeyAscii);
    }
    int partitionKeyIndex = known != null ? known.index : partitionKeyTable.size();

    int recordBodySize =
        CodedOutputStream.computeUInt64Size(PARTITION_KEY_INDEX, partitionKeyIndex)
            + (hashKeyIndex >= 0
                ? CodedOutputStream.computeUInt64Size(EXPLICIT_HASH_KEY_INDEX, hashKeyIndex)
                : 0)
            + CodedOutputStream.computeByteArraySize(DATA, data);
    int recordSize =
        CodedOutputStream.computeTagSize(RECORDS)
            + CodedOutputStream.computeUInt32SizeNoTag(recordBodySize)
            + recordBodySize;
    long protobufSize =
        partitionKeyTableSize
            + explicitHashKeyTableSize
            + tablesGrowth
            + recordsLength
            + recordSize;
    long newSize;
    boolean startsWithMagic = count == 0 && AggregationFormat.startsWithMagic(data);
    if (count == 0 && !startsWithMagic) {
      newSize = (long) data.length + key.utf8.length;
    } else {
      newSize = OVERHEAD + protobufSize + (count == 0 ? key.utf8.length : firstPartitionKeyLength);
    }
    if (newSize > maxSize) {
      return false;
    }

    if (known == null) {
      partitionKeys.put(partitionKey, key);
      partitionKeyTable.add(key);
      partitionKeyTableSize +=
          CodedOutputStream.computeByteArraySize(PARTITION_KEY_TABLE, key.utf8);
    }
    if (hashKeyAscii != null) {
      explicitHashKeys.put(explicitHashKeyOrNull, hashKeyIndex);
      explicitHashKeyTable.add(hashKeyAscii);
      explicitHashKeyValues.add(newExplicitHashKey);
      explicitHashKeyTableSize +=
          CodedOutputStream.computeByteArraySize(EXPLICIT_HASH_KEY_TABLE, hashKeyAscii);
    }
    writeRecord(partitionKeyIndex, hashKeyIndex, data, recordBodySize, recordSize);
    if (count == 0) {
      firstPartitionKeyLength = key.utf8.length;
      firstDataStartsWithMagic = startsWithMagic;
    }
    if (count == keyIndexes.length) {
      keyIndexes = Arrays.copyOf(keyIndexes, count * 2);
      hashKeyIndexes = Arrays.copyOf(hashKeyIndexes, count * 2);
    }
    keyIndexes[count] = partitionKeyIndex;
    hashKeyIndexes[count] = hashKeyIndex;
    count++;
    size = (int) newSize;
    return true;
  }

  /**
   * The exact size, as Kinesis counts it (data plus partition key in UTF-8), of the record {@link
   * #build()} would return now; 0 when empty. Never more than {@code maxSize}.
   *
   * @return the size in bytes
   */
  public int size() {
    return size;
  }

  /**
   * How many user records have been added since the last {@link #reset()}.
   *
   * @return the count, at most {@code maxCount}
   */
  public int count() {
    return count;
  }

  /**
   * Whether no user record has been added since the last {@link #reset()}.
   *
   * @return true if {@link #count()} is 0
   */
  public boolean isEmpty() {
    return count == 0;
  }

  /**
   * Builds the record from the user records added since the last {@link #reset()}. Leaves the
   * builder as it is: call {@link #reset()} to start the next record.
   *
   * @return the record, holding its own copy of the data
   * @throws IllegalStateException if no user record has been added
   */
  public Aggregate build() {
    if (count == 0) {
      throw new IllegalStateException("No user record to build a record from");
    }
    Aggregate.Positions positions =
        new Aggregate.Positions(
            partitionKeyTable.toArray(PartitionKeyEntry[]::new),
            explicitHashKeyValues.toArray(BigInteger[]::new),
            Arrays.copyOf(keyIndexes, count),
            Arrays.copyOf(hashKeyIndexes, count));
    String partitionKey = partitionKeyTable.get(keyIndexes[0]).partitionKey;
    String explicitHashKey = positions.hashKey(0).toString();
    if (count == 1 && !firstDataStartsWithMagic) {
      int dataLength = size - firstPartitionKeyLength;
      // Data is the last field of a Record, so its bytes end the encoded record.
      byte[] data = Arrays.copyOfRange(records, recordsLength - dataLength, recordsLength);
      return new Aggregate(data, partitionKey, explicitHashKey, false, positions);
    }
    int protobufSize = size - firstPartitionKeyLength - OVERHEAD;
    int tablesSize = protobufSize - recordsLength;
    byte[] data = new byte[protobufSize + OVERHEAD];
    System.arraycopy(MAGIC, 0, data, 0, MAGIC.length);
    CodedOutputStream tables = CodedOutputStream.newInstance(data, MAGIC.length, tablesSize);
    try {
      for (PartitionKeyEntry key : partitionKeyTable) {
        tables.writeByteArray(PARTITION_KEY_TABLE, key.utf8);
      }
      for (byte[] key : explicitHashKeyTable) {
        tables.writeByteArray(EXPLICIT_HASH_KEY_TABLE, key);
      }
      tables.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("Key tables miscounted", e);
    }
    System.arraycopy(records, 0, data, MAGIC.length + tablesSize, recordsLength);
    byte[] digest = AggregationFormat.md5(data, MAGIC.length, protobufSize);
    System.arraycopy(digest, 0, data, MAGIC.length + protobufSize, DIGEST_LENGTH);
    return new Aggregate(data, partitionKey, explicitHashKey, true, positions);
  }

  /** Forgets every user record added, to start the next record. */
  public void reset() {
    partitionKeys.clear();
    partitionKeyTable.clear();
    partitionKeyTableSize = 0;
    explicitHashKeys.clear();
    explicitHashKeyTable.clear();
    explicitHashKeyValues.clear();
    explicitHashKeyTableSize = 0;
    recordsLength = 0;
    count = 0;
    firstPartitionKeyLength = 0;
    firstDataStartsWithMagic = false;
    size = 0;
  }

  private void writeRecord(
      int partitionKeyIndex, int hashKeyIndex, byte[] data, int bodySize, int recordSize) {
    ensureCapacity((long) recordsLength + recordSize);
    CodedOutputStream out = CodedOutputStream.newInstance(records, recordsLength, recordSize);
    try {
      out.writeTag(RECORDS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(bodySize);
      out.writeUInt64(PARTITION_KEY_INDEX, partitionKeyIndex);
      if (hashKeyIndex >= 0) {
        out.writeUInt64(EXPLICIT_HASH_KEY_INDEX, hashKeyIndex);
      }
      out.writeByteArray(DATA, data);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("Record miscounted", e);
    }
    recordsLength += recordSize;
  }

  private void ensureCapacity(long needed) {
    if (needed > records.length) {
      long grown = Math.max(needed, Math.min(2L * records.length, (long) maxSize));
      records = Arrays.copyOf(records, (int) grown);
    }
  }

  private PartitionKeyEntry newPartitionKeyEntry(String partitionKey, BigInteger knownHashKey) {
    int length = partitionKey.length();
    if (length < 1 || length > MAX_PARTITION_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "partitionKey must have 1 to " + MAX_PARTITION_KEY_LENGTH + " characters: " + length);
    }
    for (int i = 0; i < length; i++) {
      char c = partitionKey.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(partitionKey.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "partitionKey has a lone surrogate at index " + i + ", which UTF-8 cannot encode");
      }
    }
    return new PartitionKeyEntry(
        partitionKeyTable.size(),
        partitionKey,
        partitionKey.getBytes(StandardCharsets.UTF_8),
        knownHashKey);
  }

  /**
   * A partition key of the table: its index, the key, its UTF-8 bytes and its hash key (the MD5 of
   * the bytes), which is computed only when first asked for unless the caller gave it.
   */
  static final class PartitionKeyEntry {
    final int index;
    final String partitionKey;
    final byte[] utf8;
    private BigInteger hashKey;

    PartitionKeyEntry(int index, String partitionKey, byte[] utf8, BigInteger hashKey) {
      this.index = index;
      this.partitionKey = partitionKey;
      this.utf8 = utf8;
      this.hashKey = hashKey;
    }

    /**
     * Racy but benign when aggregates built from one table compute it at once: each computes the
     * same immutable value.
     */
    BigInteger hashKey() {
      if (hashKey == null) {
        hashKey = AggregationFormat.hashKeyOfPartitionKey(utf8);
      }
      return hashKey;
    }
  }
}
