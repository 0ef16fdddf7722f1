package io.kinesisonkafka.connect.internals;

import java.util.LinkedList;
import java.util.concurrent.Future;

/**
 * What waits for one shard in a {@link PutBatcher}, and its call in flight.
 *
 * <p>Why a class of its own: the batcher routes entries to lanes and keeps one call in flight per
 * lane, and {@link PutBatchBuilder} takes each call's entries from a lane's waiting ones; both work
 * on this state. Confined to the task's thread, like the batcher: {@link #inFlight} is completed on
 * a sending thread but only created and taken on the task's thread.
 */
final class PutLane {
  /** The lane's index in the batcher's {@link ShardLanes}. */
  final int index;

  /** The entries waiting, in the order handed in. */
  final LinkedList<KinesisEntry> pending = new LinkedList<>();

  /** The sum of {@link KinesisEntry#size()} over {@link #pending}. */
  long pendingBytes;

  /**
   * Clock millis since the oldest entry waiting came, or since the lane's last call was taken if
   * that call left entries behind.
   */
  long oldestPendingAt;

  /** The call in flight on the batcher's sending threads, or null. */
  Future<PutCall.Outcome> inFlight;

  PutLane(int index) {
    this.index = index;
  }
}
