package io.kinesisonkafka.aggregation;

/**
 * A record that claims to be a KPL aggregate (its data starts with the magic bytes) but is not a
 * sound one: too short, an MD5 that does not match, a protobuf message that does not parse or lacks
 * a required field, a key index out of its table, or an explicit hash key that is not one. Thrown
 * instead of passing data of unknown integrity on.
 */
public class CorruptAggregateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception without a cause.
   *
   * @param message what is wrong with the aggregate
   */
  public CorruptAggregateException(String message) {
    super(message);
  }

  /**
   * An exception with the failure that revealed the corruption.
   *
   * @param message what is wrong with the aggregate
   * @param cause e.g. protobuf's parse error
   */
  public CorruptAggregateException(String message, Throwable cause) {
    super(message, cause);
  }
}
