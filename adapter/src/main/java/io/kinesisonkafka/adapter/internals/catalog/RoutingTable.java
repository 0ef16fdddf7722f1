package io.kinesisonkafka.adapter.internals.catalog;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The shards that take writes for one stream version, sorted by starting hash key: open shards and
 * frozen ones (whose writers wait). Together they cover 0..2^128-1 exactly, so a binary search
 * finds the one owner of any hash key.
 */
public final class RoutingTable {
  public final long version;
  public final long incarnation;
  private final BigInteger[] starts;
  private final ShardState[] shards;

  public RoutingTable(StreamState stream) {
    this.version = stream.version();
    this.incarnation = stream.incarnation();
    this.shards =
        stream
            .writableOrFrozenShards()
            .sorted(Comparator.comparing(s -> s.range().startingHashKey()))
            .toArray(ShardState[]::new);
    this.starts =
        Arrays.stream(shards).map(s -> s.range().startingHashKey()).toArray(BigInteger[]::new);
  }

  public ShardState route(BigInteger hashKey) {
    int i = Arrays.binarySearch(starts, hashKey);
    return shards[i >= 0 ? i : -i - 2];
  }
}
