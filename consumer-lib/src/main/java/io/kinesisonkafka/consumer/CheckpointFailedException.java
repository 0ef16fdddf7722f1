package io.kinesisonkafka.consumer;

/**
 * A checkpoint could not be committed now (Kafka did not answer in time, or the group is
 * rebalancing). Retriable: the lease may still be held.
 */
public class CheckpointFailedException extends ConsumerException {
  private static final long serialVersionUID = 1L;

  public CheckpointFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retriable() {
    return true;
  }
}
