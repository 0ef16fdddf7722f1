package io.kinesisonkafka.streams;

import io.kinesisonkafka.adapter.catalog.ShardView;
import java.time.Instant;
import java.util.Objects;

/**
 * A Kinesis user record as a Kinesis client reads it, from a stream's Kafka topic: what {@code
 * GetRecords} and the KCL hand out, with a KPL aggregate already expanded into its user records.
 *
 * <p>The sequence number (a 56-digit decimal) and the arrival {@link Instant} are made on first
 * use, so a topology that never asks for them does not pay for them. Two records are equal when
 * they are the same user record: same shard, sequence number and sub-sequence number.
 */
public final class KinesisRecord {
  private final String partitionKey;
  private final byte[] data;
  private final long subSequenceNumber;
  private final String explicitHashKey;
  private final ShardView shard;
  private final long offset;
  private final long timestampMillis;
  private String sequenceNumber; // made on first use; racy but idempotent

  private KinesisRecord(
      String partitionKey,
      byte[] data,
      long subSequenceNumber,
      String explicitHashKey,
      ShardView shard,
      long offset,
      long timestampMillis,
      String sequenceNumber) {
    this.partitionKey = Objects.requireNonNull(partitionKey, "partitionKey");
    this.data = Objects.requireNonNull(data, "data");
    if (subSequenceNumber < 0) {
      throw new IllegalArgumentException("subSequenceNumber must be >= 0: " + subSequenceNumber);
    }
    this.subSequenceNumber = subSequenceNumber;
    this.explicitHashKey = explicitHashKey;
    this.shard = Objects.requireNonNull(shard, "shard");
    this.offset = offset;
    this.timestampMillis = timestampMillis;
    this.sequenceNumber = sequenceNumber;
  }

  /**
   * The user record at {@code offset} of {@code shard}'s partition (sub-record {@code
   * subSequenceNumber} of an aggregate, or 0).
   *
   * @param shard the shard it was read from
   * @param offset the Kafka offset of the record that holds it
   * @param timestampMillis that record's timestamp (the topic's LogAppendTime)
   * @param partitionKey its partition key
   * @param data its data; not copied
   * @param subSequenceNumber its index in its aggregate; 0 for a record that was not aggregated
   * @param explicitHashKey its explicit hash key in decimal, or null
   * @return the record
   * @throws NullPointerException if {@code shard}, {@code partitionKey} or {@code data} is null
   * @throws IllegalArgumentException if {@code subSequenceNumber} is negative
   */
  public static KinesisRecord of(
      ShardView shard,
      long offset,
      long timestampMillis,
      String partitionKey,
      byte[] data,
      long subSequenceNumber,
      String explicitHashKey) {
    return new KinesisRecord(
        partitionKey,
        data,
        subSequenceNumber,
        explicitHashKey,
        shard,
        offset,
        timestampMillis,
        null);
  }

  /**
   * Its partition key (the user record's own, for one from an aggregate).
   *
   * @return the partition key
   */
  public String partitionKey() {
    return partitionKey;
  }

  /**
   * Its data; not a copy, do not change it.
   *
   * @return the data
   */
  public byte[] data() {
    return data;
  }

  /**
   * The Kinesis sequence number of the Kafka record it came from (every user record of one
   * aggregate shares it), as GetRecords numbers it.
   *
   * @return a decimal string
   */
  public String sequenceNumber() {
    String s = sequenceNumber;
    if (s == null) {
      s = shard.sequenceNumber(offset, timestampMillis);
      sequenceNumber = s;
    }
    return s;
  }

  /**
   * Its index in its aggregate.
   *
   * @return the sub-sequence number; 0 for a record that was not aggregated
   */
  public long subSequenceNumber() {
    return subSequenceNumber;
  }

  /**
   * When Kafka appended the record that holds it.
   *
   * @return the approximate arrival timestamp
   */
  public Instant approximateArrivalTimestamp() {
    return Instant.ofEpochMilli(timestampMillis);
  }

  /**
   * Its explicit hash key, when it was routed by one.
   *
   * @return the explicit hash key in decimal, or null
   */
  public String explicitHashKey() {
    return explicitHashKey;
  }

  /**
   * The shard it was read from.
   *
   * @return the shard id, e.g. {@code shardId-000000000003}
   */
  public String shardId() {
    return shard.shardId();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KinesisRecord r
        && r.shard.index() == shard.index()
        && r.offset == offset
        && r.subSequenceNumber == subSequenceNumber
        && r.sequenceNumber().equals(sequenceNumber());
  }

  @Override
  public int hashCode() {
    return Objects.hash(shard.index(), offset, subSequenceNumber);
  }

  @Override
  public String toString() {
    return "KinesisRecord[partitionKey="
        + partitionKey
        + ", data="
        + data.length
        + " bytes, sequenceNumber="
        + sequenceNumber()
        + ", subSequenceNumber="
        + subSequenceNumber
        + ", shardId="
        + shardId()
        + "]";
  }
}
