package io.kinesisonkafka.consumer;

/**
 * A processor returned from {@link ShardRecordProcessor#shardEnded} without checkpointing at the
 * end of the shard. Its child shards stay unprocessed (by every worker) until it does, so this is
 * reported to the scheduler's error handler and logged, and shardEnded is called again after the
 * retry interval. Fix: call {@code input.checkpointer().checkpoint()} in {@code shardEnded}.
 */
public class ShardEndNotCheckpointedException extends ConsumerException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and no cause.
   *
   * @param message what went wrong and how to fix it, naming the stream, shard and child shards
   */
  public ShardEndNotCheckpointedException(String message) {
    super(message, null);
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code true}: shardEnded is called again
   */
  @Override
  public boolean retriable() {
    return true;
  }
}
