package io.kinesisonkafka.adapter.model;

import java.time.Instant;

/**
 * GetShardIterator: where in a shard to start reading. Make one with the factory of its type
 * ({@link #trimHorizon}, {@link #latest}, {@link #atSequenceNumber}, {@link #afterSequenceNumber},
 * {@link #atTimestamp}); the canonical constructor takes what a wire request carries and the engine
 * checks that the type has what it needs.
 *
 * @param stream the stream, by name or ARN
 * @param shardId the shard to read, {@code shardId-000000000007}
 * @param type where to start
 * @param startingSequenceNumber for {@code AT_SEQUENCE_NUMBER} and {@code AFTER_SEQUENCE_NUMBER}: a
 *     sequence number of this shard; else null
 * @param timestamp for {@code AT_TIMESTAMP}: the arrival time to start at; else null
 */
public record GetShardIteratorRequest(
    StreamRef stream,
    String shardId,
    ShardIteratorType type,
    String startingSequenceNumber,
    Instant timestamp) {
  /**
   * At the oldest record still kept.
   *
   * @param stream the stream, by name or ARN
   * @param shardId the shard to read
   * @return a {@code TRIM_HORIZON} request
   */
  public static GetShardIteratorRequest trimHorizon(StreamRef stream, String shardId) {
    return new GetShardIteratorRequest(stream, shardId, ShardIteratorType.TRIM_HORIZON, null, null);
  }

  /**
   * Just after the newest record: only records put from now on.
   *
   * @param stream the stream, by name or ARN
   * @param shardId the shard to read
   * @return a {@code LATEST} request
   */
  public static GetShardIteratorRequest latest(StreamRef stream, String shardId) {
    return new GetShardIteratorRequest(stream, shardId, ShardIteratorType.LATEST, null, null);
  }

  /**
   * At the record with this sequence number.
   *
   * @param stream the stream, by name or ARN
   * @param shardId the shard to read
   * @param sequenceNumber a sequence number of that shard
   * @return an {@code AT_SEQUENCE_NUMBER} request
   */
  public static GetShardIteratorRequest atSequenceNumber(
      StreamRef stream, String shardId, String sequenceNumber) {
    return new GetShardIteratorRequest(
        stream, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, sequenceNumber, null);
  }

  /**
   * Just after the record with this sequence number.
   *
   * @param stream the stream, by name or ARN
   * @param shardId the shard to read
   * @param sequenceNumber a sequence number of that shard
   * @return an {@code AFTER_SEQUENCE_NUMBER} request
   */
  public static GetShardIteratorRequest afterSequenceNumber(
      StreamRef stream, String shardId, String sequenceNumber) {
    return new GetShardIteratorRequest(
        stream, shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequenceNumber, null);
  }

  /**
   * At the first record that arrived at or after this time.
   *
   * @param stream the stream, by name or ARN
   * @param shardId the shard to read
   * @param timestamp the arrival time to start at
   * @return an {@code AT_TIMESTAMP} request
   */
  public static GetShardIteratorRequest atTimestamp(
      StreamRef stream, String shardId, Instant timestamp) {
    return new GetShardIteratorRequest(
        stream, shardId, ShardIteratorType.AT_TIMESTAMP, null, timestamp);
  }
}
