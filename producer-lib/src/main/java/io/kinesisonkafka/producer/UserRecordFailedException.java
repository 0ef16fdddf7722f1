package io.kinesisonkafka.producer;

/**
 * How a user record's future fails: the record could not be put (validation, expiry past {@code
 * RecordTtl}, a non-retriable Kafka error, throttling with {@code FailIfThrottled}, a full buffer
 * with {@code WhenFull.FAIL}). {@link #getResult()} lists the attempts; the last one says why.
 */
public class UserRecordFailedException extends RuntimeException {
  private final transient UserRecordResult result;

  public UserRecordFailedException(UserRecordResult result) {
    super(describe(result));
    this.result = result;
  }

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
