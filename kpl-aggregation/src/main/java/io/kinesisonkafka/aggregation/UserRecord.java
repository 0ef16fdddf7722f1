package io.kinesisonkafka.aggregation;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * One user record out of a Kinesis record, as {@link Deaggregator} returns it.
 *
 * <p>Immutable except that {@link #data()} is the array itself, not a copy; {@link #equals} and
 * {@link #hashCode} compare the data's content.
 *
 * @param partitionKey its partition key
 * @param explicitHashKey its explicit hash key in decimal, or null if it had none. Null for a
 *     record that was not aggregated: Kinesis does not return a record's explicit hash key.
 * @param data its data
 * @param subSequenceNumber its index in the aggregate; 0 for a record that was not aggregated.
 *     Together with the Kinesis record's sequence number it identifies the user record, as the
 *     KCL's extended sequence number does.
 */
public record UserRecord(
    String partitionKey, String explicitHashKey, byte[] data, long subSequenceNumber) {

  /**
   * Checks the components; {@code data} is kept, not copied.
   *
   * @param partitionKey its partition key
   * @param explicitHashKey its explicit hash key in decimal, or null
   * @param data its data
   * @param subSequenceNumber its index in the aggregate
   * @throws NullPointerException if {@code partitionKey} or {@code data} is null
   * @throws IllegalArgumentException if {@code subSequenceNumber} is negative
   */
  public UserRecord {
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(data, "data");
    if (subSequenceNumber < 0) {
      throw new IllegalArgumentException("subSequenceNumber must be >= 0: " + subSequenceNumber);
    }
  }

  /**
   * The hash key the user record routes by: its explicit hash key if it has one, otherwise the MD5
   * of its partition key (UTF-8) as an unsigned 128-bit integer.
   *
   * @return the hash key, in {@code [0, 2^128-1]}
   * @throws NumberFormatException if the explicit hash key is not a decimal number
   */
  public BigInteger hashKey() {
    return explicitHashKey != null
        ? new BigInteger(explicitHashKey)
        : AggregationFormat.hashKeyOfPartitionKey(partitionKey);
  }

  /**
   * Equal when every component is, the data by content.
   *
   * @param o another object
   * @return whether {@code o} is an equal user record
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof UserRecord other
        && partitionKey.equals(other.partitionKey)
        && Objects.equals(explicitHashKey, other.explicitHashKey)
        && Arrays.equals(data, other.data)
        && subSequenceNumber == other.subSequenceNumber;
  }

  /**
   * A hash of every component, the data by content.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(partitionKey, explicitHashKey, Arrays.hashCode(data), subSequenceNumber);
  }

  /**
   * For logs: the keys, the data's size (not the data) and the sub-sequence number.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "UserRecord[partitionKey="
        + partitionKey
        + ", explicitHashKey="
        + explicitHashKey
        + ", data="
        + data.length
        + " bytes, subSequenceNumber="
        + subSequenceNumber
        + "]";
  }
}
