package io.kinesisonkafka.adapter.model;

import java.util.List;

/**
 * One SubscribeToShardEvent. {@code continuationSequenceNumber} resumes the subscription with
 * AFTER_SEQUENCE_NUMBER and is set on every event but the last of a closed shard, which carries the
 * {@code childShards} instead.
 */
public record SubscriptionEvent(
    List<Record> records,
    String continuationSequenceNumber,
    long millisBehindLatest,
    List<ChildShard> childShards) {
  public boolean shardEnded() {
    return continuationSequenceNumber == null;
  }
}
