package io.kinesisonkafka.lambda.internals;

import io.kinesisonkafka.consumer.KinesisClientRecord;

/**
 * One user record of a shard on its way through the mapping. {@code done} (guarded by the shard's
 * lock) once it succeeded, was filtered out, or was discarded and sent on-failure: the checkpoint
 * moves over done records only, in shard order.
 */
final class Entry {
  final KinesisClientRecord record;
  final long arrivalMillis;
  final long enqueuedNanos;

  /** Position in the shard's delivery order, from 0 for each lease. */
  final long index;

  boolean done;

  /**
   * Where {@link BatchData} saved the original data once the record's own array was handed to the
   * function; -1 before. Lane thread only.
   */
  int savedAt = -1;

  Entry(KinesisClientRecord record, long index, long enqueuedNanos) {
    this.record = record;
    this.index = index;
    this.arrivalMillis = record.approximateArrivalTimestamp().toEpochMilli();
    this.enqueuedNanos = enqueuedNanos;
  }
}
