package io.kinesisonkafka.producer;

import io.kinesisonkafka.adapter.catalog.ShardView;
import java.util.List;
import java.util.function.Supplier;

/**
 * The outcome of one user record, as the KPL's {@code UserRecordResult}: the shard it landed in,
 * its sequence number (the Kinesis record's, shared by every user record of an aggregate) and its
 * sub-sequence number (its index in the aggregate; 0 when not aggregated), and every attempt made.
 * A failed record carries only the attempts; its future fails with {@link
 * UserRecordFailedException}.
 */
public final class UserRecordResult {
  private final ShardView shard;
  private final long offset;
  private final long timestampMillis;
  private final long subSequenceNumber;
  private final Supplier<List<Attempt>> attemptsSupplier;
  private volatile List<Attempt> attempts;
  private volatile String sequenceNumber;

  UserRecordResult(
      ShardView shard,
      long offset,
      long timestampMillis,
      long subSequenceNumber,
      Supplier<List<Attempt>> attempts) {
    this.shard = shard;
    this.offset = offset;
    this.timestampMillis = timestampMillis;
    this.subSequenceNumber = subSequenceNumber;
    this.attemptsSupplier = attempts;
  }

  static UserRecordResult failed(List<Attempt> attempts) {
    List<Attempt> copy = List.copyOf(attempts);
    return new UserRecordResult(null, -1, 0, 0, () -> copy);
  }

  public boolean isSuccessful() {
    return shard != null;
  }

  /** {@code shardId-000000000003}; null when the record failed. */
  public String getShardId() {
    return shard == null ? null : shard.shardId();
  }

  /**
   * The sequence number GetRecords and the KCL report for the record; null when it failed. Made on
   * first call, not on the put path.
   */
  public String getSequenceNumber() {
    String s = sequenceNumber;
    if (s == null && shard != null) {
      s = shard.sequenceNumber(offset, timestampMillis);
      sequenceNumber = s;
    }
    return s;
  }

  /** The user record's index in its aggregate: 0 when not aggregated. */
  public long getSubSequenceNumber() {
    return subSequenceNumber;
  }

  /** Every try, in order; the last one succeeded when the record did. */
  public List<Attempt> getAttempts() {
    List<Attempt> a = attempts;
    if (a == null) {
      a = List.copyOf(attemptsSupplier.get());
      attempts = a;
    }
    return a;
  }

  /** The Kafka offset of the record (or its aggregate) in its shard's partition; -1 if failed. */
  public long kafkaOffset() {
    return offset;
  }

  @Override
  public String toString() {
    return isSuccessful()
        ? "UserRecordResult[" + getShardId() + " @" + offset + "/" + subSequenceNumber + "]"
        : "UserRecordResult[failed after " + getAttempts().size() + " attempts]";
  }
}
