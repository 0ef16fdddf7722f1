package io.kinesisonkafka.adapter.model;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An inclusive range of the 128-bit hash key space that one shard owns, as Kinesis reports it in
 * {@code HashKeyRange}. Resharding only ever cuts a range in two or joins two touching ranges, so
 * those are the only operations, and every instance is a non-empty range inside {@code [0,
 * 2^128-1]}: if the open shards tile the space before a split or merge, they still do after it.
 *
 * @param startingHashKey the lowest hash key of the range
 * @param endingHashKey the highest hash key of the range, included
 */
public record HashKeyRange(BigInteger startingHashKey, BigInteger endingHashKey) {

  private static final BigInteger MAX_HASH_KEY =
      BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  /**
   * Checks that the range is non-empty and inside the hash key space.
   *
   * @param startingHashKey the lowest hash key of the range
   * @param endingHashKey the highest hash key of the range, included
   * @throws NullPointerException if either key is null
   * @throws IllegalArgumentException unless {@code 0 <= startingHashKey <= endingHashKey <=
   *     2^128-1}
   */
  public HashKeyRange {
    Objects.requireNonNull(startingHashKey, "startingHashKey");
    Objects.requireNonNull(endingHashKey, "endingHashKey");
    if (startingHashKey.signum() < 0
        || startingHashKey.compareTo(endingHashKey) > 0
        || endingHashKey.compareTo(MAX_HASH_KEY) > 0) {
      throw new IllegalArgumentException(
          "Not a hash key range within [0, 2^128-1]: ["
              + startingHashKey
              + ", "
              + endingHashKey
              + "]");
    }
  }

  /**
   * Whether {@code hashKey} falls inside this range, both ends included.
   *
   * @param hashKey a hash key (the MD5 of a partition key as an unsigned number, or an explicit
   *     hash key)
   * @return true if {@code startingHashKey <= hashKey <= endingHashKey}
   */
  public boolean contains(BigInteger hashKey) {
    return startingHashKey.compareTo(hashKey) <= 0 && hashKey.compareTo(endingHashKey) <= 0;
  }

  /**
   * Whether the two ranges touch with no gap and no overlap, on either side: the condition for
   * merging their shards.
   *
   * @param other the other range
   * @return true if one range ends just below where the other starts
   */
  public boolean isAdjacentTo(HashKeyRange other) {
    return endingHashKey.add(BigInteger.ONE).equals(other.startingHashKey)
        || other.endingHashKey.add(BigInteger.ONE).equals(startingHashKey);
  }

  /**
   * The range a merge of the two shards owns.
   *
   * @param other a range {@linkplain #isAdjacentTo adjacent} to this one, on either side
   * @return the range from the lower start to the higher end
   * @throws IllegalArgumentException if the ranges are not {@linkplain #isAdjacentTo adjacent}
   */
  public HashKeyRange union(HashKeyRange other) {
    if (!isAdjacentTo(other)) {
      throw new IllegalArgumentException(this + " and " + other + " are not adjacent");
    }
    return startingHashKey.compareTo(other.startingHashKey) < 0
        ? new HashKeyRange(startingHashKey, other.endingHashKey)
        : new HashKeyRange(other.startingHashKey, endingHashKey);
  }

  /**
   * The ranges of the two children of a split: {@code [start, key-1]} and {@code [key, end]}.
   * Kinesis' own rule for SplitShard is stricter ({@code start+1 < key < end}); the engine checks
   * that, this only refuses a cut that would leave an empty half.
   *
   * @param newStartingHashKey the lowest hash key of the upper child
   * @return the lower child's range, then the upper child's
   * @throws IllegalArgumentException unless {@code start < newStartingHashKey <= end}
   */
  public HashKeyRange[] splitAt(BigInteger newStartingHashKey) {
    if (newStartingHashKey.compareTo(startingHashKey) <= 0
        || newStartingHashKey.compareTo(endingHashKey) > 0) {
      throw new IllegalArgumentException(
          "Cannot split " + this + " at " + newStartingHashKey + ": one half would be empty");
    }
    return new HashKeyRange[] {
      new HashKeyRange(startingHashKey, newStartingHashKey.subtract(BigInteger.ONE)),
      new HashKeyRange(newStartingHashKey, endingHashKey)
    };
  }
}
