package io.kinesisonkafka.adapter.errors;

import java.util.Objects;

/**
 * A failure that a Kinesis client understands: one of {@link KinesisErrorCode} and the message the
 * client sees. Thrown by the engine; the server turns it into the AWS error shape. Unchecked;
 * {@link #retriable()} tells a caller whether trying again may succeed.
 */
public class KinesisException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final KinesisErrorCode code;

  /**
   * An exception without a cause.
   *
   * @param code the error
   * @param message the message the client sees
   * @throws NullPointerException if {@code code} is null
   */
  public KinesisException(KinesisErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code);
  }

  /**
   * An exception with the failure that caused it (not shown to the client).
   *
   * @param code the error
   * @param message the message the client sees
   * @param cause what went wrong underneath, e.g. a Kafka exception
   * @throws NullPointerException if {@code code} is null
   */
  public KinesisException(KinesisErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code);
  }

  /**
   * The error, which carries its wire name and HTTP status.
   *
   * @return the error code, never null
   */
  public KinesisErrorCode code() {
    return code;
  }

  /**
   * Whether a client may retry the same request.
   *
   * @return {@code code().retriable()}
   */
  public boolean retriable() {
    return code.retriable();
  }

  /**
   * The wire name and the message, as a client would see them.
   *
   * @return e.g. {@code ResourceNotFoundException: Stream orders under account ... not found.}
   */
  @Override
  public String toString() {
    return code.wireName() + ": " + getMessage();
  }
}
