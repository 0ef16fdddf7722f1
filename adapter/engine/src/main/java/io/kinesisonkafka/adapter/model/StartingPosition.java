package io.kinesisonkafka.adapter.model;

import java.time.Instant;

/** Where a SubscribeToShard subscription starts, with the same types as shard iterators. */
public record StartingPosition(ShardIteratorType type, String sequenceNumber, Instant timestamp) {
  public static StartingPosition of(ShardIteratorType type) {
    return new StartingPosition(type, null, null);
  }
}
