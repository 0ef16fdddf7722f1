package io.kinesisonkafka.adapter.model;

import java.util.List;

/**
 * One SubscribeToShardEvent. {@code continuationSequenceNumber} resumes the subscription with
 * AFTER_SEQUENCE_NUMBER and is set on every event but the last of a closed shard, which carries the
 * {@code childShards} instead.
 *
 * @param records the records of this event, in sequence number order; possibly empty
 * @param continuationSequenceNumber where to resume after this event; null on the last event of a
 *     closed shard
 * @param millisBehindLatest how old the last record of the event is, in milliseconds; 0 at the
 *     shard's tip or when the event has no record
 * @param childShards the shard's children on the last event of a closed shard, else empty
 */
public record SubscriptionEvent(
    List<Record> records,
    String continuationSequenceNumber,
    long millisBehindLatest,
    List<ChildShard> childShards) {
  /**
   * Whether this is the last event of a closed shard.
   *
   * @return true if there is no continuation sequence number
   */
  public boolean shardEnded() {
    return continuationSequenceNumber == null;
  }
}
