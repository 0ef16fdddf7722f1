package io.kinesisonkafka.adapter.errors;

/**
 * The errors a Kinesis client expects, as data: the wire name sent as {@code __type}, the HTTP
 * status Kinesis answers with, and whether a client may retry. The wire name is never derived from
 * a class name.
 *
 * <p>A client may retry a retriable error with the same request, after a back-off; a non-retriable
 * one fails the same way again until the request or the stream changes.
 */
public enum KinesisErrorCode {
  /**
   * A request value is out of range or does not fit the stream's state (InvalidArgumentException).
   */
  INVALID_ARGUMENT("InvalidArgumentException", 400, false),
  /** The stream, shard or consumer named does not exist (ResourceNotFoundException). */
  RESOURCE_NOT_FOUND("ResourceNotFoundException", 400, false),
  /**
   * The stream or consumer is in a state that does not allow the operation, e.g. still being
   * created (ResourceInUseException).
   */
  RESOURCE_IN_USE("ResourceInUseException", 400, false),
  /**
   * An account or stream limit is reached, e.g. the shard limit, the ON_DEMAND stream limit or
   * UpdateShardCount's scaling bounds (LimitExceededException); retriable.
   */
  LIMIT_EXCEEDED("LimitExceededException", 400, true),
  /**
   * A shard's read or write throughput is exceeded (ProvisionedThroughputExceededException);
   * retriable.
   */
  PROVISIONED_THROUGHPUT_EXCEEDED("ProvisionedThroughputExceededException", 400, true),
  /**
   * The shard iterator is older than the engine's iterator lifetime, five minutes in Kinesis
   * (ExpiredIteratorException): get a new one.
   */
  EXPIRED_ITERATOR("ExpiredIteratorException", 400, false),
  /** The pagination token has expired (ExpiredNextTokenException): list again from the start. */
  EXPIRED_NEXT_TOKEN("ExpiredNextTokenException", 400, false),
  /**
   * A request member fails its constraints, e.g. a required member missing or a value out of its
   * range (ValidationException).
   */
  VALIDATION("ValidationException", 400, false),
  /**
   * The caller may not perform the operation, e.g. Kafka refused the engine's principal
   * (AccessDeniedException).
   */
  ACCESS_DENIED("AccessDeniedException", 400, false),
  /** The request body cannot be read as the operation's input (SerializationException). */
  SERIALIZATION("SerializationException", 400, false),
  /** The request names an operation that is not supported (UnknownOperationException). */
  UNKNOWN_OPERATION("UnknownOperationException", 400, false),
  /**
   * The request is not signed although the server requires signatures
   * (MissingAuthenticationTokenException).
   */
  MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400, false),
  /** The request's signature lacks a required part (IncompleteSignatureException). */
  INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400, false),
  /** The request's signature does not match (InvalidSignatureException). */
  INVALID_SIGNATURE("InvalidSignatureException", 400, false),
  /** The request's access key is not known (UnrecognizedClientException). */
  UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400, false),
  /** Firehose's answer when it cannot take a request now (the bridge's source topic is down). */
  SERVICE_UNAVAILABLE("ServiceUnavailableException", 503, true),
  /** Anything else, e.g. Kafka unreachable or a timeout (InternalFailure, HTTP 500); retriable. */
  INTERNAL_FAILURE("InternalFailure", 500, true);

  private final String wireName;
  private final int httpStatus;
  private final boolean retriable;

  KinesisErrorCode(String wireName, int httpStatus, boolean retriable) {
    this.wireName = wireName;
    this.httpStatus = httpStatus;
    this.retriable = retriable;
  }

  /**
   * The name a client reads, sent as the error's {@code __type}.
   *
   * @return the wire name, e.g. {@code ResourceNotFoundException}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * The HTTP status Kinesis answers this error with.
   *
   * @return 400 for client errors, 500 for {@link #INTERNAL_FAILURE}, 503 for {@link
   *     #SERVICE_UNAVAILABLE}
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Whether a client may retry the same request (after a back-off) and hope for success.
   *
   * @return true for throttling, limits, unavailability and internal failures
   */
  public boolean retriable() {
    return retriable;
  }

  /**
   * Shorthand for {@code new KinesisException(this, message)}.
   *
   * @param message the message the client sees
   * @return the exception, to throw
   */
  public KinesisException exception(String message) {
    return new KinesisException(this, message);
  }

  /**
   * Shorthand for an exception with a formatted message.
   *
   * @param format a {@link String#format} format string
   * @param args the format's arguments
   * @return the exception, to throw
   * @throws java.util.IllegalFormatException if the format does not fit the arguments
   */
  public KinesisException exception(String format, Object... args) {
    return new KinesisException(this, String.format(format, args));
  }
}
