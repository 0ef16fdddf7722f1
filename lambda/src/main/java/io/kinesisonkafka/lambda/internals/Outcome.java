package io.kinesisonkafka.lambda.internals;

import java.util.Map;

/**
 * What one invocation came to, as the mapping's rules see it.
 *
 * @param kind success, partial failure (resume at {@code firstFailed}), or error
 * @param firstFailed with PARTIAL: index in the batch of the lowest failed record
 * @param error with ERROR: why (the exception, the timeout, the malformed response)
 * @param functionError with ERROR: Lambda's {@code functionError} ("Unhandled"), or null when the
 *     function returned normally but its answer counts as a failure
 * @param state with tumbling windows: the state the function returned
 * @param requestId the invocation's request id
 */
record Outcome(
    Kind kind,
    int firstFailed,
    String error,
    String functionError,
    Map<String, String> state,
    String requestId) {
  enum Kind {
    SUCCESS,
    PARTIAL,
    ERROR
  }

  static Outcome success(Map<String, String> state, String requestId) {
    return new Outcome(Kind.SUCCESS, -1, null, null, state, requestId);
  }

  static Outcome partial(int firstFailed, Map<String, String> state, String requestId) {
    return new Outcome(Kind.PARTIAL, firstFailed, null, null, state, requestId);
  }

  static Outcome error(String error, String functionError, String requestId) {
    return new Outcome(Kind.ERROR, -1, error, functionError, null, requestId);
  }
}
