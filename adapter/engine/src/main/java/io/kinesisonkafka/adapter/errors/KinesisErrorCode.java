package io.kinesisonkafka.adapter.errors;

/**
 * The errors a Kinesis client expects, as data: the wire name sent as {@code __type}, the HTTP
 * status Kinesis answers with, and whether a client may retry. The wire name is never derived from
 * a class name.
 */
public enum KinesisErrorCode {
  INVALID_ARGUMENT("InvalidArgumentException", 400, false),
  RESOURCE_NOT_FOUND("ResourceNotFoundException", 400, false),
  RESOURCE_IN_USE("ResourceInUseException", 400, false),
  LIMIT_EXCEEDED("LimitExceededException", 400, true),
  PROVISIONED_THROUGHPUT_EXCEEDED("ProvisionedThroughputExceededException", 400, true),
  EXPIRED_ITERATOR("ExpiredIteratorException", 400, false),
  EXPIRED_NEXT_TOKEN("ExpiredNextTokenException", 400, false),
  VALIDATION("ValidationException", 400, false),
  ACCESS_DENIED("AccessDeniedException", 400, false),
  SERIALIZATION("SerializationException", 400, false),
  UNKNOWN_OPERATION("UnknownOperationException", 400, false),
  MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400, false),
  INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400, false),
  INVALID_SIGNATURE("InvalidSignatureException", 400, false),
  UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400, false),
  /** Firehose's answer when it cannot take a request now (the bridge's source topic is down). */
  SERVICE_UNAVAILABLE("ServiceUnavailableException", 503, true),
  INTERNAL_FAILURE("InternalFailure", 500, true);

  private final String wireName;
  private final int httpStatus;
  private final boolean retriable;

  KinesisErrorCode(String wireName, int httpStatus, boolean retriable) {
    this.wireName = wireName;
    this.httpStatus = httpStatus;
    this.retriable = retriable;
  }

  /** The {@code __type} a client reads. */
  public String wireName() {
    return wireName;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public boolean retriable() {
    return retriable;
  }

  /** Shorthand for {@code new KinesisException(this, message)}. */
  public KinesisException exception(String message) {
    return new KinesisException(this, message);
  }

  /** Shorthand for a formatted message. */
  public KinesisException exception(String format, Object... args) {
    return new KinesisException(this, String.format(format, args));
  }
}
