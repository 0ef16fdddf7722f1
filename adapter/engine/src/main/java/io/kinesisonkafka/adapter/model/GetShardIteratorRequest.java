package io.kinesisonkafka.adapter.model;

import java.time.Instant;

/**
 * GetShardIterator: where in a shard to start reading. Make one with the factory of its type
 * ({@link #trimHorizon}, {@link #latest}, {@link #atSequenceNumber}, {@link #afterSequenceNumber},
 * {@link #atTimestamp}); the canonical constructor takes what a wire request carries and the engine
 * checks that the type has what it needs.
 */
public record GetShardIteratorRequest(
    StreamRef stream,
    String shardId,
    ShardIteratorType type,
    String startingSequenceNumber,
    Instant timestamp) {
  /** At the oldest record still kept. */
  public static GetShardIteratorRequest trimHorizon(StreamRef stream, String shardId) {
    return new GetShardIteratorRequest(stream, shardId, ShardIteratorType.TRIM_HORIZON, null, null);
  }

  /** Just after the newest record: only records put from now on. */
  public static GetShardIteratorRequest latest(StreamRef stream, String shardId) {
    return new GetShardIteratorRequest(stream, shardId, ShardIteratorType.LATEST, null, null);
  }

  /** At the record with this sequence number. */
  public static GetShardIteratorRequest atSequenceNumber(
      StreamRef stream, String shardId, String sequenceNumber) {
    return new GetShardIteratorRequest(
        stream, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, sequenceNumber, null);
  }

  /** Just after the record with this sequence number. */
  public static GetShardIteratorRequest afterSequenceNumber(
      StreamRef stream, String shardId, String sequenceNumber) {
    return new GetShardIteratorRequest(
        stream, shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequenceNumber, null);
  }

  /** At the first record that arrived at or after this time. */
  public static GetShardIteratorRequest atTimestamp(
      StreamRef stream, String shardId, Instant timestamp) {
    return new GetShardIteratorRequest(
        stream, shardId, ShardIteratorType.AT_TIMESTAMP, null, timestamp);
  }
}
