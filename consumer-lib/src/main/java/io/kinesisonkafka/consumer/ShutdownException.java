package io.kinesisonkafka.consumer;

/**
 * The lease of the shard is no longer held by this processor (lost, handed over, or the scheduler
 * shut down): its checkpoints are refused. Not retriable: the new owner resumes from the last
 * checkpoint.
 */
public class ShutdownException extends ConsumerException {
  private static final long serialVersionUID = 1L;

  public ShutdownException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
