package io.kinesisonkafka.aggregation;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One Kinesis record built by {@link AggregatedRecordBuilder}: put it with PutRecord(s) as {@code
 * Data = data()}, {@code PartitionKey = partitionKey()}, {@code ExplicitHashKey =
 * explicitHashKey()}.
 *
 * <p>As the KPL does, a lone user record is put as it is ({@link #aggregated()} false) unless its
 * data starts with the aggregation magic; two or more go into the aggregated format. Either way a
 * de-aggregating consumer (the KCL, {@link Deaggregator}) gets back the user records in the order
 * they were added, user record {@code i} with sub-sequence number {@code i}.
 *
 * <p>Immutable except that {@link #data()} returns the array itself, not a copy: it was allocated
 * for this aggregate alone and is the caller's; do not modify it while the aggregate is in use.
 * Safe to share between threads once built.
 */
public final class Aggregate {

  private final byte[] data;
  private final String partitionKey;
  private final String explicitHashKey;
  private final boolean aggregated;
  private final Positions positions;
  private List<Position> positionList; // made on first use: guarded by this

  Aggregate(
      byte[] data,
      String partitionKey,
      String explicitHashKey,
      boolean aggregated,
      Positions positions) {
    this.data = data;
    this.partitionKey = partitionKey;
    this.explicitHashKey = explicitHashKey;
    this.aggregated = aggregated;
    this.positions = positions;
  }

  /**
   * What the positions are made of, kept compact until someone asks for them: the key tables and
   * each user record's indexes into them (-1: no explicit hash key).
   */
  static final class Positions {
    private final AggregatedRecordBuilder.PartitionKeyEntry[] partitionKeys;
    private final BigInteger[] explicitHashKeys;
    private final int[] keyIndexes;
    private final int[] hashKeyIndexes;

    Positions(
        AggregatedRecordBuilder.PartitionKeyEntry[] partitionKeys,
        BigInteger[] explicitHashKeys,
        int[] keyIndexes,
        int[] hashKeyIndexes) {
      this.partitionKeys = partitionKeys;
      this.explicitHashKeys = explicitHashKeys;
      this.keyIndexes = keyIndexes;
      this.hashKeyIndexes = hashKeyIndexes;
    }

    int count() {
      return keyIndexes.length;
    }

    BigInteger hashKey(int i) {
      int explicit = hashKeyIndexes[i];
      return explicit >= 0 ? explicitHashKeys[explicit] : partitionKeys[keyIndexes[i]].hashKey();
    }

    List<Position> toList() {
      Position[] list = new Position[count()];
      for (int i = 0; i < list.length; i++) {
        list[i] = new Position(i, partitionKeys[keyIndexes[i]].partitionKey, hashKey(i));
      }
      return List.of(list);
    }
  }

  /**
   * Where one user record sits in the aggregate and where it routes.
   *
   * @param subSequenceNumber its index in the aggregate, which a de-aggregating consumer reports as
   *     its sub-sequence number; the order of the {@code tryAdd} calls that accepted it
   * @param partitionKey its partition key
   * @param hashKey its effective hash key: its explicit hash key if it had one, otherwise the MD5
   *     of its partition key as an unsigned 128-bit integer. A producer that learns which shard the
   *     aggregate landed on checks this against the shard's range, as the KPL does ("Wrong Shard").
   */
  public record Position(int subSequenceNumber, String partitionKey, BigInteger hashKey) {
    /**
     * Checks the components.
     *
     * @param subSequenceNumber its index in the aggregate
     * @param partitionKey its partition key
     * @param hashKey its effective hash key
     * @throws NullPointerException if {@code partitionKey} or {@code hashKey} is null
     */
    public Position {
      Objects.requireNonNull(partitionKey, "partitionKey");
      Objects.requireNonNull(hashKey, "hashKey");
    }
  }

  /**
   * The record's data: the aggregated format, or the lone user record's data as it is.
   *
   * @return the data array itself, not a copy
   */
  public byte[] data() {
    return data;
  }

  /**
   * The record's partition key: the first user record's. (The KPL puts {@code "a"} here for an
   * aggregate, to save space, and routes by {@link #explicitHashKey()}; this keeps a real key,
   * which a Kafka consumer sees as the record's key.)
   *
   * @return the first user record's partition key
   */
  public String partitionKey() {
    return partitionKey;
  }

  /**
   * The hash key the record must be routed by, in decimal: the first user record's effective hash
   * key (its explicit hash key, or the MD5 of its partition key), as the KPL sets it. Never null.
   * Routing by it puts the aggregate on the shard the first user record belongs to.
   *
   * @return the hash key in decimal
   */
  public String explicitHashKey() {
    return explicitHashKey;
  }

  /**
   * Whether {@link #data()} is in the aggregated format.
   *
   * @return true for the aggregated format, false for a lone user record put as is
   */
  public boolean aggregated() {
    return aggregated;
  }

  /**
   * How many user records the record carries.
   *
   * @return at least 1
   */
  public int userRecordCount() {
    return positions.count();
  }

  /**
   * The user records' positions, in order: element {@code i} has sub-sequence number {@code i}.
   * Made on the first call (which computes the hash keys not known yet); thread-safe.
   *
   * @return an unmodifiable list, one position per user record
   */
  public synchronized List<Position> positions() {
    if (positionList == null) {
      positionList = positions.toList();
    }
    return positionList;
  }

  /**
   * The record's size as Kinesis counts it against its record size limit: the data's length plus
   * the partition key's length in UTF-8.
   *
   * @return the size in bytes
   */
  public int size() {
    return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * For logs: size, count, format and keys (not the data).
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "Aggregate[size="
        + size()
        + ", userRecords="
        + positions.count()
        + ", aggregated="
        + aggregated
        + ", partitionKey="
        + partitionKey
        + ", explicitHashKey="
        + explicitHashKey
        + "]";
  }
}
