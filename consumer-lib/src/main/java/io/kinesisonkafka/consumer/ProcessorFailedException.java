package io.kinesisonkafka.consumer;

/**
 * A processor callback threw; reported to the scheduler's error handler naming the stream, shard
 * and callback. Not retriable: the call is not repeated (as in the KCL).
 */
public class ProcessorFailedException extends ConsumerException {
  private static final long serialVersionUID = 1L;

  public ProcessorFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
