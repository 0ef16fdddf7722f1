package io.kinesisonkafka.connect.internals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A shard as ListShards describes it: its stream, id, parents, hash key range and whether it is
 * closed (has an ending sequence number).
 */
public record ShardInfo(
    String stream,
    String shardId,
    String parent,
    String adjacentParent,
    BigInteger startingHashKey,
    BigInteger endingHashKey,
    boolean closed) {

  /** The parents that are set: none, one (split) or two (merge). */
  public List<String> parents() {
    List<String> parents = new ArrayList<>(2);
    if (parent != null) {
      parents.add(parent);
    }
    if (adjacentParent != null) {
      parents.add(adjacentParent);
    }
    return parents;
  }

  /** The shard's index: the number that ends its id ({@code shardId-000000000007} is 7). */
  public int index() {
    return indexOf(shardId);
  }

  /** The number that ends a shard id, or 0 if there is none. */
  public static int indexOf(String shardId) {
    int i = shardId.length();
    while (i > 0 && Character.isDigit(shardId.charAt(i - 1))) {
      i--;
    }
    String digits = shardId.substring(i);
    if (digits.isEmpty()) {
      return 0;
    }
    return (int)
        Math.min(
            Integer.MAX_VALUE,
            Long.parseLong(digits.length() > 18 ? digits.substring(digits.length() - 18) : digits));
  }

  /** "stream/shardId", the way task configurations name a shard. */
  public String key() {
    return stream + "/" + shardId;
  }
}
