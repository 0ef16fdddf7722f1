package io.kinesisonkafka.consumer;

/**
 * The base of this library's unchecked exceptions. {@link #retriable()} says whether trying the
 * same call again may succeed (as the KCL splits its exceptions).
 */
public abstract class ConsumerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and a cause.
   *
   * @param message what went wrong, naming the stream and shard where there is one
   * @param cause the underlying failure, or null
   */
  protected ConsumerException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether the same call may succeed if tried again.
   *
   * @return true if a retry may succeed
   */
  public abstract boolean retriable();
}
