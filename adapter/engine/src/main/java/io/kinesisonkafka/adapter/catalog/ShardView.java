package io.kinesisonkafka.adapter.catalog;

import io.kinesisonkafka.adapter.internals.mapping.SequenceNumbers;
import io.kinesisonkafka.adapter.internals.mapping.ShardIds;
import io.kinesisonkafka.adapter.internals.state.ShardPhase;
import io.kinesisonkafka.adapter.internals.state.ShardState;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * One shard in one version of the catalog: its Kafka partition ({@link #index()}), hash key range,
 * parents, phase and, once closed, its end offset. Also the translation between Kafka offsets and
 * Kinesis sequence numbers for this shard.
 *
 * <p>Immutable and thread-safe: a later catalog version is a new view.
 */
public final class ShardView {

  private final ShardState state;
  private final String shardId;
  private final long startHigh;
  private final long startLow;
  private final long endHigh;
  private final long endLow;

  ShardView(ShardState state) {
    this.state = state;
    this.shardId = ShardIds.format(state.index());
    this.startHigh = HashKeys.high(state.range().startingHashKey());
    this.startLow = HashKeys.low(state.range().startingHashKey());
    this.endHigh = HashKeys.high(state.range().endingHashKey());
    this.endLow = HashKeys.low(state.range().endingHashKey());
  }

  /**
   * A shard outside any catalog, for test doubles such as consumer-lib's processor test driver: it
   * numbers records as a shard {@code index} created at {@code creationEpochSeconds} does, and is
   * closed at {@code endOffset} when that is {@code >= 0}, open otherwise.
   *
   * @param index the shard index, which also numbers its shard id; 0 or more
   * @param parents the parents' indexes: none, one (split) or two (merge)
   * @param startingHashKey the lowest hash key the shard owns
   * @param endingHashKey the highest hash key the shard owns (inclusive)
   * @param creationEpochSeconds the shard's creation time, in epoch seconds, which sequence numbers
   *     carry
   * @param endOffset the first Kafka offset past the last record of a closed shard; negative for an
   *     open shard
   * @return the shard, in no stream
   * @throws IllegalArgumentException for a negative index, more than two parents or a hash key
   *     range outside 0..2^128-1
   */
  public static ShardView detached(
      int index,
      List<Integer> parents,
      BigInteger startingHashKey,
      BigInteger endingHashKey,
      long creationEpochSeconds,
      long endOffset) {
    if (index < 0 || parents.size() > 2) {
      throw new IllegalArgumentException(
          "index must be >= 0 and parents at most two, but were " + index + ", " + parents);
    }
    return new ShardView(
        new ShardState(
            index,
            new HashKeyRange(startingHashKey, endingHashKey),
            parents.isEmpty() ? ShardState.NONE : parents.get(0),
            parents.size() < 2 ? ShardState.NONE : parents.get(1),
            creationEpochSeconds,
            creationEpochSeconds * 1000,
            endOffset >= 0 ? ShardPhase.CLOSED : ShardPhase.OPEN,
            endOffset >= 0 ? endOffset : -1,
            0));
  }

  /**
   * {@code shardId-000000000007}.
   *
   * @return the shard's id, its index zero-padded to twelve digits
   */
  public String shardId() {
    return shardId;
  }

  /**
   * The shard index, which is the Kafka partition of the stream's topic.
   *
   * @return the index, 0 or more
   */
  public int index() {
    return state.index();
  }

  /**
   * Index of the parent shard, or -1.
   *
   * @return the parent's index; -1 for a shard of the stream's creation
   */
  public int parent() {
    return state.parent();
  }

  /**
   * Index of the adjacent parent (the second parent of a merge), or -1.
   *
   * @return the adjacent parent's index; -1 unless the shard came of a merge
   */
  public int adjacentParent() {
    return state.adjacentParent();
  }

  /**
   * The parents' indexes: none, one (split) or two (merge).
   *
   * @return a new list, parent first
   */
  public List<Integer> parents() {
    List<Integer> parents = new ArrayList<>(2);
    if (state.parent() >= 0) {
      parents.add(state.parent());
    }
    if (state.adjacentParent() >= 0) {
      parents.add(state.adjacentParent());
    }
    return parents;
  }

  /**
   * The lowest hash key the shard owns.
   *
   * @return the starting hash key, in {@code 0..2^128-1}
   */
  public BigInteger startingHashKey() {
    return state.range().startingHashKey();
  }

  /**
   * The highest hash key the shard owns (inclusive).
   *
   * @return the ending hash key, in {@code 0..2^128-1}
   */
  public BigInteger endingHashKey() {
    return state.range().endingHashKey();
  }

  /**
   * Whether the hash key lies in the shard's range, ends included.
   *
   * @param hashKey a hash key in {@code 0..2^128-1}
   * @return true if the shard owns the key
   */
  public boolean containsHashKey(BigInteger hashKey) {
    return state.range().contains(hashKey);
  }

  /**
   * Like {@link #containsHashKey(BigInteger)} for {@code high * 2^64 + low}, both unsigned.
   *
   * @param high the upper 64 bits of the hash key
   * @param low the lower 64 bits of the hash key
   * @return true if the shard owns the key
   */
  public boolean containsHashKey(long high, long low) {
    return compare(startHigh, startLow, high, low) <= 0 && compare(high, low, endHigh, endLow) <= 0;
  }

  private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
    int c = Long.compareUnsigned(aHigh, bHigh);
    return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
  }

  /**
   * Takes records.
   *
   * @return true in the OPEN phase
   */
  public boolean isOpen() {
    return state.phase() == ShardPhase.OPEN;
  }

  /**
   * Being split or merged: writers hold its records until the catalog changes.
   *
   * @return true in the FROZEN phase
   */
  public boolean isFrozen() {
    return state.phase() == ShardPhase.FROZEN;
  }

  /**
   * Closed at {@link #endOffset()}; readable until retention removes it.
   *
   * @return true in the CLOSED phase
   */
  public boolean isClosed() {
    return state.phase() == ShardPhase.CLOSED;
  }

  boolean isVisible() {
    return state.isVisible();
  }

  /**
   * The first Kafka offset past a closed shard's last record; -1 unless {@link #isClosed()}.
   *
   * @return the end offset, or -1
   */
  public long endOffset() {
    return state.endOffset();
  }

  /**
   * The sequence number of the record at this offset, appended at this time.
   *
   * @param offset the record's Kafka offset in the shard's partition
   * @param timestampMillis the record's log-append time, in epoch milliseconds
   * @return the sequence number, a decimal string
   */
  public String sequenceNumber(long offset, long timestampMillis) {
    return SequenceNumbers.ofRecord(state.epochSeconds(), state.index(), offset, timestampMillis);
  }

  /**
   * Below every record's number: the shard's StartingSequenceNumber.
   *
   * @return the starting sequence number, a decimal string
   */
  public String startingSequenceNumber() {
    return SequenceNumbers.starting(state.epochSeconds(), state.index());
  }

  /**
   * At or above every record's number of a closed shard; null while it is not closed.
   *
   * @return the ending sequence number, a decimal string, or null
   */
  public String endingSequenceNumber() {
    return isClosed()
        ? SequenceNumbers.ending(state.epochSeconds(), state.index(), state.endOffset())
        : null;
  }

  /**
   * The Kafka offset of the record a sequence number of this shard names; -1 for the shard's
   * starting sequence number.
   *
   * @param sequenceNumber a sequence number, as a decimal string
   * @return the record's offset, or -1
   * @throws IllegalArgumentException if it is not a sequence number of this shard
   */
  public long offsetOf(String sequenceNumber) {
    SequenceNumbers.Decoded decoded;
    try {
      decoded = SequenceNumbers.decode(sequenceNumber);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Not a sequence number: " + sequenceNumber, e);
    }
    if (decoded.shardIndex() != state.index()
        || decoded.incarnationSeconds() != state.epochSeconds()) {
      throw new IllegalArgumentException(
          "Sequence number " + sequenceNumber + " does not belong to " + shardId);
    }
    return decoded.offset() - 1;
  }

  @Override
  public String toString() {
    return shardId + "[" + state.phase() + (isClosed() ? " end " + endOffset() : "") + "]";
  }
}
