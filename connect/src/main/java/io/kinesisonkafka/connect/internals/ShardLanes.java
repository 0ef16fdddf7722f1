package io.kinesisonkafka.connect.internals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The sink's lanes: one per open shard of the stream, by the shards' hash key ranges, so that the
 * sink keeps one PutRecords call in flight per shard (never two for the same shard) instead of one
 * for the whole stream. An entry routes the way Kinesis routes it: by its explicit hash key, else
 * by the MD5 of its partition key. A key therefore always takes the same lane, and a lane's calls
 * go one after the other, so a key's records stay in order even when the map is stale after a
 * reshard (the batcher notices a shard id it did not expect and takes a new map).
 *
 * <p>Confined to the task's thread (the MD5 digest is not thread-safe).
 */
public final class ShardLanes {
  /** Each lane's starting hash key as 16 unsigned big-endian bytes, ascending. */
  private final byte[][] starts;

  private final String[] shardIds;
  private final MessageDigest md5;

  private ShardLanes(BigInteger[] starts, String[] shardIds) {
    this.starts = new byte[starts.length][];
    for (int i = 0; i < starts.length; i++) {
      this.starts[i] = bytes16(starts[i]);
    }
    this.shardIds = shardIds;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no MD5 in this JVM", e);
    }
  }

  /** One lane per open shard; a single lane if there is none (the stream was not listed). */
  public static ShardLanes of(List<ShardInfo> shards) {
    List<ShardInfo> open =
        shards.stream()
            .filter(s -> !s.closed())
            .sorted(Comparator.comparing(ShardInfo::startingHashKey))
            .toList();
    if (open.isEmpty()) {
      return single();
    }
    BigInteger[] starts = new BigInteger[open.size()];
    String[] ids = new String[open.size()];
    for (int i = 0; i < open.size(); i++) {
      starts[i] = open.get(i).startingHashKey();
      ids[i] = open.get(i).shardId();
    }
    starts[0] = BigInteger.ZERO;
    return new ShardLanes(starts, ids);
  }

  /** A single lane for the whole stream, its shard unknown. */
  public static ShardLanes single() {
    return new ShardLanes(new BigInteger[] {BigInteger.ZERO}, new String[] {null});
  }

  /** The number of lanes. */
  public int size() {
    return starts.length;
  }

  /** The shard a lane stands for, or null if unknown. */
  public String shardId(int lane) {
    return shardIds[lane];
  }

  /** The lane of a record, by its explicit hash key (a valid decimal) or its partition key. */
  public int laneOf(String partitionKey, String explicitHashKey) {
    if (starts.length == 1) {
      return 0;
    }
    // Compared as bytes, not BigIntegers: this runs once per record on the task's thread.
    byte[] hash =
        explicitHashKey != null
            ? bytes16(new BigInteger(explicitHashKey))
            : md5.digest(partitionKey.getBytes(StandardCharsets.UTF_8));
    int lo = 0;
    int hi = starts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (Arrays.compareUnsigned(starts[mid], hash) <= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private static byte[] bytes16(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[16];
    int n = Math.min(16, raw.length);
    System.arraycopy(raw, raw.length - n, out, 16 - n, n);
    return out;
  }
}
