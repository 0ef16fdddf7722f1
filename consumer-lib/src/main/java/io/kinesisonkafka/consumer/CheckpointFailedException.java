package io.kinesisonkafka.consumer;

/**
 * A checkpoint could not be committed now (Kafka did not answer in time, or the group is
 * rebalancing). Retriable: the lease may still be held.
 */
public class CheckpointFailedException extends ConsumerException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and a cause.
   *
   * @param message what failed, naming the stream and shard
   * @param cause what Kafka threw, or null
   */
  public CheckpointFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code true}: the lease may still be held, so the same checkpoint may succeed
   */
  @Override
  public boolean retriable() {
    return true;
  }
}
