package io.kinesisonkafka.consumer;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a shard without a checkpoint starts, as the KCL's {@code InitialPositionInStreamExtended}.
 * Children of a shard that was processed start at their beginning whatever this says (no record
 * between the parent's end and the child's start is skipped).
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

  /** The first record appended at or after {@code timestamp}. */
  public static InitialPosition atTimestamp(Instant timestamp) {
    return new InitialPosition("AT_TIMESTAMP", Objects.requireNonNull(timestamp, "timestamp"));
  }

  /** TRIM_HORIZON, LATEST or AT_TIMESTAMP. */
  public String name() {
    return name;
  }

  /** The timestamp of AT_TIMESTAMP, else null. */
  public Instant timestamp() {
    return timestamp;
  }

  /** The sentinel an {@link InitializationInput} shows for a shard starting here. */
  public ExtendedSequenceNumber sentinel() {
    return switch (name) {
      case "TRIM_HORIZON" -> ExtendedSequenceNumber.TRIM_HORIZON;
      case "LATEST" -> ExtendedSequenceNumber.LATEST;
      default -> ExtendedSequenceNumber.AT_TIMESTAMP;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InitialPosition p
        && p.name.equals(name)
        && Objects.equals(p.timestamp, timestamp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, timestamp);
  }

  @Override
  public String toString() {
    return timestamp == null ? name : name + "(" + timestamp + ")";
  }
}
