package io.kinesisonkafka.consumer;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a shard without a checkpoint starts, as the KCL's {@code InitialPositionInStreamExtended}.
 * Children of a shard that was processed start at their beginning whatever this says (no record
 * between the parent's end and the child's start is skipped). Immutable.
 */
public final class InitialPosition {
  /** The oldest record still retained. */
  public static final InitialPosition TRIM_HORIZON = new InitialPosition("TRIM_HORIZON", null);

  /** Just after the newest record when the shard is first leased. */
  public static final InitialPosition LATEST = new InitialPosition("LATEST", null);

  private final String name;
  private final Instant timestamp;

  private InitialPosition(String name, Instant timestamp) {
    this.name = name;
    this.timestamp = timestamp;
  }

  /**
   * The first record appended at or after {@code timestamp}.
   *
   * @param timestamp the point in time
   * @return the position
   * @throws NullPointerException if {@code timestamp} is null
   */
  public static InitialPosition atTimestamp(Instant timestamp) {
    return new InitialPosition("AT_TIMESTAMP", Objects.requireNonNull(timestamp, "timestamp"));
  }

  /**
   * The position's kind.
   *
   * @return {@code TRIM_HORIZON}, {@code LATEST} or {@code AT_TIMESTAMP}
   */
  public String name() {
    return name;
  }

  /**
   * The point in time of AT_TIMESTAMP.
   *
   * @return the timestamp of AT_TIMESTAMP, else null
   */
  public Instant timestamp() {
    return timestamp;
  }

  /**
   * The sentinel an {@link InitializationInput} shows for a shard starting here.
   *
   * @return {@link ExtendedSequenceNumber#TRIM_HORIZON}, {@code LATEST} or {@code AT_TIMESTAMP}
   */
  public ExtendedSequenceNumber sentinel() {
    return switch (name) {
      case "TRIM_HORIZON" -> ExtendedSequenceNumber.TRIM_HORIZON;
      case "LATEST" -> ExtendedSequenceNumber.LATEST;
      default -> ExtendedSequenceNumber.AT_TIMESTAMP;
    };
  }

  /**
   * Equal when kind and timestamp are.
   *
   * @param o another object
   * @return whether {@code o} is the same position
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof InitialPosition p
        && p.name.equals(name)
        && Objects.equals(p.timestamp, timestamp);
  }

  /**
   * A hash of kind and timestamp.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(name, timestamp);
  }

  /**
   * The kind, with the timestamp for AT_TIMESTAMP.
   *
   * @return e.g. {@code LATEST} or {@code AT_TIMESTAMP(2026-01-01T00:00:00Z)}
   */
  @Override
  public String toString() {
    return timestamp == null ? name : name + "(" + timestamp + ")";
  }
}
