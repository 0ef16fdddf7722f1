package io.kinesisonkafka.producer;

/**
 * How a user record's future fails: the record could not be put (validation, expiry past {@code
 * RecordTtl}, a non-retriable Kafka error, throttling with {@code FailIfThrottled}, a full buffer
 * with {@code WhenFull.FAIL}, a closed producer). {@link #getResult()} lists the attempts; the last
 * one says why. Unchecked; it reaches callers as the cause of the {@code ExecutionException} or
 * {@code CompletionException} of the record's future, never thrown by {@code addUserRecord}.
 */
public class UserRecordFailedException extends RuntimeException {
  private final transient UserRecordResult result;

  /**
   * An exception for a failed record; the message names the attempts and the last error.
   *
   * @param result the failed record's result, with its attempts
   */
  public UserRecordFailedException(UserRecordResult result) {
    super(describe(result));
    this.result = result;
  }

  /**
   * The failed record's result, as the KPL's exception of this name carries it.
   *
   * @return the result: not successful, with every attempt in order
   */
  public UserRecordResult getResult() {
    return result;
  }

  private static String describe(UserRecordResult result) {
    var attempts = result.getAttempts();
    if (attempts.isEmpty()) {
      return "user record failed";
    }
    Attempt last = attempts.get(attempts.size() - 1);
    return "user record failed after "
        + attempts.size()
        + " attempt(s): "
        + last.getErrorCode()
        + ": "
        + last.getErrorMessage();
  }
}
