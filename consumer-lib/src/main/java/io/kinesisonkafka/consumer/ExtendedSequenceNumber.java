package io.kinesisonkafka.consumer;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A sequence number with the index of a user record inside a KPL aggregate, as the KCL's {@code
 * ExtendedSequenceNumber}; or one of the sentinels. Ordered as the KCL orders them: AT_TIMESTAMP
 * &lt; TRIM_HORIZON &lt; LATEST &lt; any sequence number &lt; SHARD_END; ties broken by
 * sub-sequence number. Comparing a non-sentinel whose sequence number is not decimal throws {@link
 * NumberFormatException}.
 *
 * @param sequenceNumber a decimal sequence number or a sentinel's name
 * @param subSequenceNumber the user record's index in its aggregate; 0 if not aggregated
 */
public record ExtendedSequenceNumber(String sequenceNumber, long subSequenceNumber)
    implements Comparable<ExtendedSequenceNumber> {

  /** A shard without checkpoint that starts at its oldest record. */
  public static final ExtendedSequenceNumber TRIM_HORIZON =
      new ExtendedSequenceNumber("TRIM_HORIZON", 0);

  /** A shard without checkpoint that starts after its newest record. */
  public static final ExtendedSequenceNumber LATEST = new ExtendedSequenceNumber("LATEST", 0);

  /** A shard without checkpoint that starts at a timestamp. */
  public static final ExtendedSequenceNumber AT_TIMESTAMP =
      new ExtendedSequenceNumber("AT_TIMESTAMP", 0);

  /** A closed shard processed to its end: its children may start. */
  public static final ExtendedSequenceNumber SHARD_END = new ExtendedSequenceNumber("SHARD_END", 0);

  /**
   * Checks the components.
   *
   * @param sequenceNumber a decimal sequence number or a sentinel's name
   * @param subSequenceNumber the user record's index in its aggregate
   * @throws NullPointerException if {@code sequenceNumber} is null
   * @throws IllegalArgumentException if {@code subSequenceNumber} is negative
   */
  public ExtendedSequenceNumber {
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    if (subSequenceNumber < 0) {
      throw new IllegalArgumentException("subSequenceNumber must be >= 0: " + subSequenceNumber);
    }
  }

  /**
   * Whether this is one of the four sentinels rather than a sequence number.
   *
   * @return true for TRIM_HORIZON, LATEST, AT_TIMESTAMP and SHARD_END
   */
  public boolean isSentinel() {
    return rank() != 0;
  }

  private int rank() {
    return switch (sequenceNumber) {
      case "AT_TIMESTAMP" -> -3;
      case "TRIM_HORIZON" -> -2;
      case "LATEST" -> -1;
      case "SHARD_END" -> 1;
      default -> 0;
    };
  }

  /**
   * Orders as the KCL does: AT_TIMESTAMP &lt; TRIM_HORIZON &lt; LATEST &lt; sequence numbers (by
   * numeric value, then sub-sequence number) &lt; SHARD_END.
   *
   * @param o the other position
   * @return negative, zero or positive as this is before, at or after {@code o}
   * @throws NumberFormatException if both are sequence numbers and one is not decimal
   */
  @Override
  public int compareTo(ExtendedSequenceNumber o) {
    int byRank = Integer.compare(rank(), o.rank());
    if (byRank != 0 || rank() != 0) {
      return byRank;
    }
    int bySequence = new BigInteger(sequenceNumber).compareTo(new BigInteger(o.sequenceNumber));
    return bySequence != 0 ? bySequence : Long.compare(subSequenceNumber, o.subSequenceNumber);
  }

  /**
   * The sentinel's name, or {@code sequenceNumber/subSequenceNumber}.
   *
   * @return e.g. {@code 49590338271490256608559692538361571095921575989136588898/0}
   */
  @Override
  public String toString() {
    return isSentinel() ? sequenceNumber : sequenceNumber + "/" + subSequenceNumber;
  }
}
