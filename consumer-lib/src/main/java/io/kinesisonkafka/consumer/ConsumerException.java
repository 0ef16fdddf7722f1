package io.kinesisonkafka.consumer;

/**
 * The base of this library's unchecked exceptions. {@link #retriable()} says whether trying the
 * same call again may succeed (as the KCL splits its exceptions).
 */
public abstract class ConsumerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected ConsumerException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the same call may succeed if tried again. */
  public abstract boolean retriable();
}
