package io.kinesisonkafka.adapter.catalog;

import io.kinesisonkafka.adapter.internals.catalog.ShardPhase;
import io.kinesisonkafka.adapter.internals.catalog.ShardState;
import io.kinesisonkafka.adapter.internals.mapping.SequenceNumbers;
import io.kinesisonkafka.adapter.internals.mapping.ShardIds;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * One shard in one version of the catalog: its Kafka partition ({@link #index()}), hash key range,
 * parents, phase and, once closed, its end offset. Also the translation between Kafka offsets and
 * Kinesis sequence numbers for this shard.
 */
public final class ShardView {
  /** Above every record second: used in numbers that must sort after a shard's records. */
  private static final long MAX_RECORD_SECONDS = 0xFFFFFFFFFL;

  private final ShardState state;
  private final String shardId;

  ShardView(ShardState state) {
    this.state = state;
    this.shardId = ShardIds.format(state.index());
  }

  /** {@code shardId-000000000007}. */
  public String shardId() {
    return shardId;
  }

  /** The shard index, which is the Kafka partition of the stream's topic. */
  public int index() {
    return state.index();
  }

  /** Index of the parent shard, or -1. */
  public int parent() {
    return state.parent();
  }

  /** Index of the adjacent parent (the second parent of a merge), or -1. */
  public int adjacentParent() {
    return state.adjacentParent();
  }

  /** The parents' indexes: none, one (split) or two (merge). */
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

  public BigInteger startingHashKey() {
    return state.range().startingHashKey();
  }

  public BigInteger endingHashKey() {
    return state.range().endingHashKey();
  }

  public boolean containsHashKey(BigInteger hashKey) {
    return state.range().contains(hashKey);
  }

  /** Takes records. */
  public boolean isOpen() {
    return state.phase() == ShardPhase.OPEN;
  }

  /** Being split or merged: writers hold its records until the catalog changes. */
  public boolean isFrozen() {
    return state.phase() == ShardPhase.FROZEN;
  }

  /** Closed at {@link #endOffset()}; readable until retention removes it. */
  public boolean isClosed() {
    return state.phase() == ShardPhase.CLOSED;
  }

  boolean isVisible() {
    return state.isVisible();
  }

  /** The first Kafka offset past a closed shard's last record; -1 unless {@link #isClosed()}. */
  public long endOffset() {
    return state.endOffset();
  }

  /** The sequence number of the record at this offset, appended at this time. */
  public String sequenceNumber(long offset, long timestampMillis) {
    return SequenceNumbers.encode(
        state.epochSeconds(), state.index(), offset + 1, Math.max(0, timestampMillis / 1000));
  }

  /** Below every record's number: the shard's StartingSequenceNumber. */
  public String startingSequenceNumber() {
    return SequenceNumbers.encode(state.epochSeconds(), state.index(), 0, state.epochSeconds());
  }

  /** At or above every record's number of a closed shard; null while it is not closed. */
  public String endingSequenceNumber() {
    return isClosed()
        ? SequenceNumbers.encode(
            state.epochSeconds(), state.index(), state.endOffset(), MAX_RECORD_SECONDS)
        : null;
  }

  /**
   * The Kafka offset of the record a sequence number of this shard names; -1 for the shard's
   * starting sequence number.
   *
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
