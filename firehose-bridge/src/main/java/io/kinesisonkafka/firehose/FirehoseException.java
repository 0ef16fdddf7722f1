package io.kinesisonkafka.firehose;

import io.kinesisonkafka.adapter.errors.KinesisException;

/**
 * A failure a Firehose client understands: one of {@link FirehoseErrorCode} and its message. It is
 * a {@link KinesisException}, so the server's protocol layer answers it in the AWS error shape.
 */
public class FirehoseException extends KinesisException {
  private static final long serialVersionUID = 1L;

  private final FirehoseErrorCode firehoseCode;

  public FirehoseException(FirehoseErrorCode code, String message) {
    super(code.wire(), message);
    this.firehoseCode = code;
  }

  public FirehoseErrorCode firehoseCode() {
    return firehoseCode;
  }
}
