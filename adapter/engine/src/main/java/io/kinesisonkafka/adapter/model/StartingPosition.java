package io.kinesisonkafka.adapter.model;

import java.time.Instant;

/**
 * Where a SubscribeToShard subscription starts, with the same types as shard iterators.
 *
 * @param type where to start
 * @param sequenceNumber for AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER, the sequence number; else
 *     null
 * @param timestamp for AT_TIMESTAMP, the point in time; else null
 */
public record StartingPosition(ShardIteratorType type, String sequenceNumber, Instant timestamp) {
  /**
   * A position that needs neither sequence number nor timestamp (TRIM_HORIZON, LATEST).
   *
   * @param type where to start
   * @return the position
   */
  public static StartingPosition of(ShardIteratorType type) {
    return new StartingPosition(type, null, null);
  }
}
