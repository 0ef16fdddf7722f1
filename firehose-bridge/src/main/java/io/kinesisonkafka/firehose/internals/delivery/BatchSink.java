package io.kinesisonkafka.firehose.internals.delivery;

/** Where a delivery stream's batches go; returns once the destination acknowledged the batch. */
@FunctionalInterface
public interface BatchSink {
  /**
   * @throws RuntimeException when the bridge is closing before the batch was acknowledged; the
   *     batch is then delivered again after a restart
   */
  void deliver(Batch batch);
}
