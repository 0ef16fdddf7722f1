package io.kinesisonkafka.consumer;

/**
 * The lease of the shard is no longer held by this processor (lost, handed over, or the scheduler
 * shut down): its checkpoints are refused. Not retriable: the new owner resumes from the last
 * checkpoint.
 */
public class ShutdownException extends ConsumerException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and a cause.
   *
   * @param message why the checkpoint is refused, naming the stream and shard
   * @param cause what Kafka threw, or null
   */
  public ShutdownException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code false}: the lease is gone; the new owner resumes from the last checkpoint
   */
  @Override
  public boolean retriable() {
    return false;
  }
}
