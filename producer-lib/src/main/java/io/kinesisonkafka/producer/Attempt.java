package io.kinesisonkafka.producer;

import java.time.Duration;

/**
 * One try at putting a user record, as the KPL reports it: how long the record waited before the
 * try ({@link #getDelay()}), how long the try took, and its error when it failed. Immutable; the
 * {@code get...} methods are the KPL's names for the record's components.
 *
 * @param delay from the user record's arrival (or the previous try's end) to this try's start
 * @param duration from this try's start to its outcome
 * @param errorCode null when successful; otherwise a short code: {@code Throttled}, {@code
 *     ShardClosed}, {@code Expired}, {@code BufferFull}, {@code StreamNotFound}, {@code Closed}, or
 *     the Kafka exception's simple class name
 * @param errorMessage null when successful; otherwise what went wrong, for people
 * @param successful whether this try put the record
 */
public record Attempt(
    Duration delay, Duration duration, String errorCode, String errorMessage, boolean successful) {

  /**
   * The KPL's name for {@link #delay()}.
   *
   * @return from the user record's arrival (or the previous try's end) to this try's start
   */
  public Duration getDelay() {
    return delay;
  }

  /**
   * The KPL's name for {@link #duration()}.
   *
   * @return from this try's start to its outcome
   */
  public Duration getDuration() {
    return duration;
  }

  /**
   * The KPL's name for {@link #errorCode()}.
   *
   * @return null when successful; otherwise the short error code
   */
  public String getErrorCode() {
    return errorCode;
  }

  /**
   * The KPL's name for {@link #errorMessage()}.
   *
   * @return null when successful; otherwise what went wrong
   */
  public String getErrorMessage() {
    return errorMessage;
  }

  /**
   * The KPL's name for {@link #successful()}.
   *
   * @return whether this try put the record
   */
  public boolean isSuccessful() {
    return successful;
  }
}
