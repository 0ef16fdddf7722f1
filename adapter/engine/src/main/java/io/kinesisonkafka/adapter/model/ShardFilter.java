package io.kinesisonkafka.adapter.model;

import java.time.Instant;
import java.util.Objects;

/**
 * ListShards' filter: {@code shardId} goes with AFTER_SHARD_ID, {@code timestamp} with AT_TIMESTAMP
 * and FROM_TIMESTAMP.
 *
 * @param type which shards to list; required
 * @param shardId for AFTER_SHARD_ID, the shard to list after; else null
 * @param timestamp for AT_TIMESTAMP and FROM_TIMESTAMP, the point in time; else null
 */
public record ShardFilter(ShardFilterType type, String shardId, Instant timestamp) {
  /**
   * Checks that a type is given; whether the other fields fit it is checked by ListShards.
   *
   * @param type which shards to list
   * @param shardId for AFTER_SHARD_ID, the shard to list after; else null
   * @param timestamp for AT_TIMESTAMP and FROM_TIMESTAMP, the point in time; else null
   * @throws NullPointerException if {@code type} is null
   */
  public ShardFilter {
    Objects.requireNonNull(type, "type");
  }

  /**
   * A filter that needs neither shard id nor timestamp.
   *
   * @param type which shards to list
   * @return the filter
   */
  public static ShardFilter of(ShardFilterType type) {
    return new ShardFilter(type, null, null);
  }
}
