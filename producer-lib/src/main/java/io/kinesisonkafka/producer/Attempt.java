package io.kinesisonkafka.producer;

import java.time.Duration;

/**
 * One try at putting a user record, as the KPL reports it: how long the record waited before the
 * try ({@link #getDelay()}), how long the try took, and its error when it failed.
 *
 * @param delay from the user record's arrival (or the previous try's end) to this try's start
 * @param duration from this try's start to its outcome
 * @param errorCode null when successful; otherwise a short code: {@code Throttled}, {@code
 *     ShardClosed}, {@code Expired}, {@code BufferFull}, {@code StreamNotFound}, or the Kafka
 *     exception's simple class name
 * @param errorMessage null when successful
 */
public record Attempt(
    Duration delay, Duration duration, String errorCode, String errorMessage, boolean successful) {

  public Duration getDelay() {
    return delay;
  }

  public Duration getDuration() {
    return duration;
  }

  public String getErrorCode() {
    return errorCode;
  }

  public String getErrorMessage() {
    return errorMessage;
  }

  public boolean isSuccessful() {
    return successful;
  }
}
