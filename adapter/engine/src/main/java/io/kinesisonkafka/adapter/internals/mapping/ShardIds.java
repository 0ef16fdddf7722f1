package io.kinesisonkafka.adapter.internals.mapping;

import java.util.OptionalInt;

/**
 * Shard IDs ↔ shard indexes (= Kafka partition numbers). Every client assumes the form {@code
 * shardId-} plus twelve zero-padded digits (the KCL formats it, the KPL parses the number and
 * expects children to be numbered above their parents), so that is the only form produced.
 */
public final class ShardIds {

  private static final String PREFIX = "shardId-";
  private static final int DIGITS = 12;

  private ShardIds() {}

  /**
   * The shard ID of shard {@code shardIndex}: {@code shardId-%012d}, built without {@link
   * String#format} because every PutRecord response carries one.
   *
   * @throws IllegalArgumentException if {@code shardIndex} is negative
   */
  public static String format(int shardIndex) {
    if (shardIndex < 0) {
      throw new IllegalArgumentException("Negative shard index: " + shardIndex);
    }
    char[] id = new char[PREFIX.length() + DIGITS];
    PREFIX.getChars(0, PREFIX.length(), id, 0);
    int value = shardIndex;
    for (int i = id.length - 1; i >= PREFIX.length(); i--) {
      id[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return new String(id);
  }

  /**
   * The shard index named by {@code shardId}: {@code shardId-} followed by 1 to 12 digits whose
   * value is at most {@link Integer#MAX_VALUE}. Empty for anything else, including null; the caller
   * knows which error Kinesis gives in its context.
   */
  public static OptionalInt parse(String shardId) {
    if (shardId == null || !shardId.startsWith(PREFIX)) {
      return OptionalInt.empty();
    }
    int digits = shardId.length() - PREFIX.length();
    if (digits < 1 || digits > DIGITS) {
      return OptionalInt.empty();
    }
    long value = 0;
    for (int i = PREFIX.length(); i < shardId.length(); i++) {
      char c = shardId.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalInt.empty();
      }
      value = value * 10 + (c - '0');
    }
    return value <= Integer.MAX_VALUE ? OptionalInt.of((int) value) : OptionalInt.empty();
  }
}
