package io.kinesisonkafka.adapter.model;

import java.time.Instant;
import java.util.Objects;

/**
 * ListShards' filter: {@code shardId} goes with AFTER_SHARD_ID, {@code timestamp} with AT_TIMESTAMP
 * and FROM_TIMESTAMP.
 */
public record ShardFilter(ShardFilterType type, String shardId, Instant timestamp) {
  public ShardFilter {
    Objects.requireNonNull(type, "type");
  }

  public static ShardFilter of(ShardFilterType type) {
    return new ShardFilter(type, null, null);
  }
}
