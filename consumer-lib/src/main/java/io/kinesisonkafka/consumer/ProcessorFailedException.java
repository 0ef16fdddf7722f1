package io.kinesisonkafka.consumer;

/**
 * A processor callback threw; reported to the scheduler's error handler naming the stream, shard
 * and callback. Not retriable: the call is not repeated (as in the KCL).
 */
public class ProcessorFailedException extends ConsumerException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and a cause.
   *
   * @param message the stream, shard and callback
   * @param cause what the processor threw
   */
  public ProcessorFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code false}: the call is not repeated
   */
  @Override
  public boolean retriable() {
    return false;
  }
}
