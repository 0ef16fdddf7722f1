package io.kinesisonkafka.firehose;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;

/**
 * The errors a Firehose client expects, each with its wire name ({@code __type}), HTTP status and
 * whether a client may retry, as the adapter's {@link KinesisErrorCode} that carries them over the
 * shared protocol layer.
 */
public enum FirehoseErrorCode {
  INVALID_ARGUMENT(KinesisErrorCode.INVALID_ARGUMENT),
  RESOURCE_NOT_FOUND(KinesisErrorCode.RESOURCE_NOT_FOUND),
  RESOURCE_IN_USE(KinesisErrorCode.RESOURCE_IN_USE),
  LIMIT_EXCEEDED(KinesisErrorCode.LIMIT_EXCEEDED),
  SERVICE_UNAVAILABLE(KinesisErrorCode.SERVICE_UNAVAILABLE);

  private final KinesisErrorCode wire;

  FirehoseErrorCode(KinesisErrorCode wire) {
    this.wire = wire;
  }

  public String wireName() {
    return wire.wireName();
  }

  public int httpStatus() {
    return wire.httpStatus();
  }

  public boolean retriable() {
    return wire.retriable();
  }

  /** The protocol layer's code that carries this one. */
  public KinesisErrorCode wire() {
    return wire;
  }

  public FirehoseException exception(String format, Object... args) {
    return new FirehoseException(this, String.format(format, args));
  }
}
