package io.kinesisonkafka.adapter.errors;

import java.util.Objects;

/**
 * A failure that a Kinesis client understands: one of {@link KinesisErrorCode} and the message the
 * client sees. Thrown by the engine; the server turns it into the AWS error shape.
 */
public class KinesisException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final KinesisErrorCode code;

  public KinesisException(KinesisErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code);
  }

  public KinesisException(KinesisErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code);
  }

  public KinesisErrorCode code() {
    return code;
  }

  public boolean retriable() {
    return code.retriable();
  }

  @Override
  public String toString() {
    return code.wireName() + ": " + getMessage();
  }
}
