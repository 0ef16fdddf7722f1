package io.kinesisonkafka.streams;

import java.time.Instant;
import java.util.Objects;

/**
 * A Kinesis user record as a Kinesis client reads it, from a stream's Kafka topic: what {@code
 * GetRecords} and the KCL hand out, with a KPL aggregate already expanded into its user records.
 *
 * @param partitionKey the record's partition key (the user record's own, for one from an aggregate)
 * @param data the record's data; not copied, do not change it
 * @param sequenceNumber the Kinesis sequence number of the Kafka record it came from (every user
 *     record of one aggregate shares it)
 * @param subSequenceNumber its index in its aggregate; 0 for a record that was not aggregated
 * @param approximateArrivalTimestamp when Kafka appended the record (the topic's LogAppendTime)
 * @param explicitHashKey its explicit hash key in decimal, or null when it routed by partition key
 * @param shardId the shard it was read from, e.g. {@code shardId-000000000003}
 */
public record KinesisRecord(
    String partitionKey,
    byte[] data,
    String sequenceNumber,
    long subSequenceNumber,
    Instant approximateArrivalTimestamp,
    String explicitHashKey,
    String shardId) {

  /**
   * Checks the components.
   *
   * @param partitionKey the partition key
   * @param data the data
   * @param sequenceNumber the sequence number
   * @param subSequenceNumber the index in its aggregate
   * @param approximateArrivalTimestamp the arrival time
   * @param explicitHashKey the explicit hash key, or null
   * @param shardId the shard id
   * @throws NullPointerException if any but {@code explicitHashKey} is null
   * @throws IllegalArgumentException if {@code subSequenceNumber} is negative
   */
  public KinesisRecord {
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    Objects.requireNonNull(approximateArrivalTimestamp, "approximateArrivalTimestamp");
    Objects.requireNonNull(shardId, "shardId");
    if (subSequenceNumber < 0) {
      throw new IllegalArgumentException("subSequenceNumber must be >= 0: " + subSequenceNumber);
    }
  }

  @Override
  public String toString() {
    return "KinesisRecord[partitionKey="
        + partitionKey
        + ", data="
        + data.length
        + " bytes, sequenceNumber="
        + sequenceNumber
        + ", subSequenceNumber="
        + subSequenceNumber
        + ", shardId="
        + shardId
        + "]";
  }
}
