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
  private final String shardId;
  private final Supplier<String> sequenceNumberSupplier;
  private final long offset;
  private final long subSequenceNumber;
  private final Supplier<List<Attempt>> attemptsSupplier;
  private volatile List<Attempt> attempts;
  private volatile String sequenceNumber;

  UserRecordResult(
      String shardId,
      Supplier<String> sequenceNumber,
      long offset,
      long subSequenceNumber,
      Supplier<List<Attempt>> attempts) {
    this.shardId = shardId;
    this.sequenceNumberSupplier = sequenceNumber;
    this.offset = offset;
    this.subSequenceNumber = subSequenceNumber;
    this.attemptsSupplier = attempts;
  }

  /**
   * A record put to {@code shard} at {@code offset}; its sequence number is made when asked for.
   */
  static UserRecordResult of(
      ShardView shard,
      long offset,
      long timestampMillis,
      long subSequenceNumber,
      Supplier<List<Attempt>> attempts) {
    return new UserRecordResult(
        shard.shardId(),
        () -> shard.sequenceNumber(offset, timestampMillis),
        offset,
        subSequenceNumber,
        attempts);
  }

  static UserRecordResult failed(List<Attempt> attempts) {
    List<Attempt> copy = List.copyOf(attempts);
    return new UserRecordResult(null, null, -1, 0, () -> copy);
  }

  public boolean isSuccessful() {
    return shardId != null;
  }

  /** {@code shardId-000000000003}; null when the record failed. */
  public String getShardId() {
    return shardId;
  }

  /**
   * The sequence number GetRecords and the KCL report for the record; null when it failed. Made on
   * first call, not on the put path.
   */
  public String getSequenceNumber() {
    String s = sequenceNumber;
    if (s == null && sequenceNumberSupplier != null) {
      s = sequenceNumberSupplier.get();
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
