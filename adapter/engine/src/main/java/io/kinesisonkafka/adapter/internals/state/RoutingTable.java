package io.kinesisonkafka.adapter.internals.state;

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
  private final long[] startHighs;
  private final long[] startLows;
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
    this.startHighs = new long[starts.length];
    this.startLows = new long[starts.length];
    for (int i = 0; i < starts.length; i++) {
      startHighs[i] = starts[i].shiftRight(64).longValue();
      startLows[i] = starts[i].longValue();
    }
  }

  public ShardState route(BigInteger hashKey) {
    int i = Arrays.binarySearch(starts, hashKey);
    return shards[i >= 0 ? i : -i - 2];
  }

  /**
   * Like {@link #route(BigInteger)} for the hash key {@code high * 2^64 + low} (both unsigned): the
   * same answer without a BigInteger.
   */
  public ShardState route(long high, long low) {
    int lo = 0;
    int hi = startHighs.length - 1;
    // The last shard whose start is <= the key; shard 0 starts at 0, so there is one.
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      int c = Long.compareUnsigned(startHighs[mid], high);
      if (c == 0) {
        c = Long.compareUnsigned(startLows[mid], low);
      }
      if (c <= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return shards[lo];
  }
}
