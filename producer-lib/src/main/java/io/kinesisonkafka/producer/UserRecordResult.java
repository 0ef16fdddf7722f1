package io.kinesisonkafka.producer;

import io.kinesisonkafka.adapter.catalog.ShardView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one user record, as the KPL's {@code UserRecordResult}: the shard it landed in,
 * its sequence number (the Kinesis record's, shared by every user record of an aggregate) and its
 * sub-sequence number (its index in the aggregate; 0 when not aggregated), and every attempt made.
 * A failed record carries only the attempts; its future fails with {@link
 * UserRecordFailedException}.
 *
 * <p>Immutable and safe to read from any thread; the sequence number is computed on first use.
 */
public final class UserRecordResult {
  private final ShardView shard; // null when failed or made by the mock
  private final String shardId;
  private final long offset;
  private final long timestampMillis;
  private final long subSequenceNumber;
  private final List<Attempt> earlierAttempts;
  private final long delayNanos;
  private final long durationNanos;
  private volatile String sequenceNumber;

  private UserRecordResult(
      ShardView shard,
      String shardId,
      String sequenceNumber,
      long offset,
      long timestampMillis,
      long subSequenceNumber,
      List<Attempt> earlierAttempts,
      long delayNanos,
      long durationNanos) {
    this.shard = shard;
    this.shardId = shardId;
    this.sequenceNumber = sequenceNumber;
    this.offset = offset;
    this.timestampMillis = timestampMillis;
    this.subSequenceNumber = subSequenceNumber;
    this.earlierAttempts = earlierAttempts;
    this.delayNanos = delayNanos;
    this.durationNanos = durationNanos;
  }

  /**
   * A record put to {@code shard} at {@code offset}; the sequence number and the attempts are made
   * when asked for, not on Kafka's I/O thread.
   */
  static UserRecordResult succeeded(
      ShardView shard,
      long offset,
      long timestampMillis,
      long subSequenceNumber,
      List<Attempt> earlierAttempts,
      long delayNanos,
      long durationNanos) {
    return new UserRecordResult(
        shard,
        shard.shardId(),
        null,
        offset,
        timestampMillis,
        subSequenceNumber,
        earlierAttempts,
        delayNanos,
        durationNanos);
  }

  /** A successful result with its numbers given (the mock producer's). */
  static UserRecordResult succeeded(String shardId, String sequenceNumber, long offset) {
    return new UserRecordResult(null, shardId, sequenceNumber, offset, 0, 0, List.of(), 0, 0);
  }

  static UserRecordResult failed(List<Attempt> attempts) {
    return new UserRecordResult(null, null, null, -1, 0, 0, List.copyOf(attempts), -1, -1);
  }

  /**
   * Whether the record was put.
   *
   * @return true if the record is in its shard, false if it failed
   */
  public boolean isSuccessful() {
    return shardId != null;
  }

  /**
   * The shard the record landed in.
   *
   * @return a shard id such as {@code shardId-000000000003}; null when the record failed
   */
  public String getShardId() {
    return shardId;
  }

  /**
   * The sequence number GetRecords and the KCL report for the record. Made on first call, not on
   * the put path.
   *
   * @return the Kinesis record's sequence number, a decimal string; null when the record failed
   */
  public String getSequenceNumber() {
    String s = sequenceNumber;
    if (s == null && shard != null) {
      s = shard.sequenceNumber(offset, timestampMillis);
      sequenceNumber = s;
    }
    return s;
  }

  /**
   * The user record's index in its aggregate.
   *
   * @return 0 when not aggregated (or failed); otherwise its index in the aggregate
   */
  public long getSubSequenceNumber() {
    return subSequenceNumber;
  }

  /**
   * Every try, in order; the last one succeeded when the record did.
   *
   * @return an unmodifiable list, oldest attempt first
   */
  public List<Attempt> getAttempts() {
    if (delayNanos < 0) {
      return earlierAttempts;
    }
    List<Attempt> all = new ArrayList<>(earlierAttempts.size() + 1);
    all.addAll(earlierAttempts);
    all.add(
        new Attempt(
            Duration.ofNanos(delayNanos), Duration.ofNanos(durationNanos), null, null, true));
    return List.copyOf(all);
  }

  /**
   * The Kafka offset of the record (or its aggregate) in its shard's partition.
   *
   * @return the offset; -1 if the record failed
   */
  public long kafkaOffset() {
    return offset;
  }

  /**
   * For logs: the shard, offset and sub-sequence number, or the number of attempts of a failure.
   *
   * @return e.g. {@code UserRecordResult[shardId-000000000003 @42/0]}
   */
  @Override
  public String toString() {
    return isSuccessful()
        ? "UserRecordResult[" + getShardId() + " @" + offset + "/" + subSequenceNumber + "]"
        : "UserRecordResult[failed after " + getAttempts().size() + " attempts]";
  }
}
