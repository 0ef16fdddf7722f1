package io.kinesisonkafka.adapter.internals.state;

import io.kinesisonkafka.adapter.model.HashKeyRange;

/**
 * One shard in the catalog. {@code index} is the Kafka partition; {@code epochSeconds} is the
 * shard's creation second, the leading field of its sequence numbers (a child's is always greater
 * than its parents', so sequence numbers grow along the lineage). {@code endOffset} is the first
 * Kafka offset past the shard's end once CLOSED, else -1.
 */
public record ShardState(
    int index,
    HashKeyRange range,
    int parent,
    int adjacentParent,
    long epochSeconds,
    long createdAtMillis,
    ShardPhase phase,
    long endOffset,
    long closedAtMillis) {

  public static final int NONE = -1;

  static ShardState open(int index, HashKeyRange range, long epochSeconds, long createdAtMillis) {
    return new ShardState(
        index, range, NONE, NONE, epochSeconds, createdAtMillis, ShardPhase.OPEN, -1, 0);
  }

  public boolean isOpen() {
    return phase == ShardPhase.OPEN;
  }

  public boolean isClosed() {
    return phase == ShardPhase.CLOSED;
  }

  /** Whether ListShards and DescribeStream show it: every shard but a PENDING child. */
  public boolean isVisible() {
    return phase != ShardPhase.PENDING;
  }

  ShardState withPhase(ShardPhase newPhase) {
    return new ShardState(
        index,
        range,
        parent,
        adjacentParent,
        epochSeconds,
        createdAtMillis,
        newPhase,
        endOffset,
        closedAtMillis);
  }

  ShardState closed(long end, long atMillis) {
    return new ShardState(
        index,
        range,
        parent,
        adjacentParent,
        epochSeconds,
        createdAtMillis,
        ShardPhase.CLOSED,
        end,
        atMillis);
  }
}
