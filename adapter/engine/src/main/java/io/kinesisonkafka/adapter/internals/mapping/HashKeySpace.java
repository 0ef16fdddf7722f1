package io.kinesisonkafka.adapter.internals.mapping;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The 128-bit hash keys that route records to shards. Clients (the KPL above all) predict the
 * target shard themselves from {@code MD5(UTF-8 partition key)} and the shards' hash key ranges and
 * treat any other answer as a wrong-shard error, so this must be bit-for-bit what Kinesis does.
 */
public final class HashKeySpace {

  /** The largest hash key, {@code 2^128-1}. */
  public static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  private static final BigInteger TWO_TO_THE_128 = BigInteger.ONE.shiftLeft(128);

  /** The model pattern of every HashKey shape: {@code 0|([1-9]\d{0,38})}. */
  private static final String PATTERN = "0|([1-9]\\d{0,38})";

  private static final int MAX_DIGITS = 39;

  /** MessageDigest is stateful and not thread-safe; one per thread avoids a lookup per record. */
  private static final ThreadLocal<MessageDigest> MD5 =
      ThreadLocal.withInitial(HashKeySpace::newMd5);

  private HashKeySpace() {}

  /** The hash key of a partition key: MD5 of its UTF-8 bytes as an unsigned big-endian integer. */
  public static BigInteger ofPartitionKey(String partitionKey) {
    return ofPartitionKey(partitionKey.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The hash key of a partition key already encoded as UTF-8, as a Kafka record key is: lets a
   * {@code Partitioner} route without decoding the key.
   */
  public static BigInteger ofPartitionKey(byte[] utf8PartitionKey) {
    return new BigInteger(1, MD5.get().digest(utf8PartitionKey));
  }

  /**
   * Parses PutRecord's {@code ExplicitHashKey}.
   *
   * @throws io.kinesisonkafka.adapter.errors.KinesisException ValidationException if it does not
   *     match the model pattern, InvalidArgumentException if it is above {@code 2^128-1}, both with
   *     Kinesis' messages
   */
  public static BigInteger parseExplicitHashKey(String explicitHashKey) {
    return parseHashKey(explicitHashKey, "ExplicitHashKey");
  }

  /**
   * Parses a hash key given in field {@code fieldName} of a request, such as SplitShard's {@code
   * NewStartingHashKey}, with the same rules and messages as {@link #parseExplicitHashKey}.
   */
  public static BigInteger parseHashKey(String value, String fieldName) {
    if (!matchesPattern(value)) {
      throw KinesisErrorCode.VALIDATION.exception(
          "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: "
              + "Member must satisfy regular expression pattern: %s",
          value, lowerFirst(fieldName), PATTERN);
    }
    BigInteger hashKey = new BigInteger(value);
    if (hashKey.compareTo(MAX) > 0) {
      throw KinesisErrorCode.INVALID_ARGUMENT.exception(
          "Invalid %1$s. %1$s must be in the range: [0, 2^128-1]. Specified value was %2$s",
          fieldName, value);
    }
    return hashKey;
  }

  /**
   * The hash key ranges of a stream created with {@code shardCount} shards, as Kinesis lays them
   * out: shard {@code i} owns {@code [i*floor(2^128/n), (i+1)*floor(2^128/n) - 1]} and the last
   * shard also takes the remainder, up to {@code 2^128-1}.
   *
   * @throws IllegalArgumentException if {@code shardCount < 1}
   */
  public static List<HashKeyRange> evenSplit(int shardCount) {
    if (shardCount < 1) {
      throw new IllegalArgumentException("shardCount must be positive: " + shardCount);
    }
    BigInteger width = TWO_TO_THE_128.divide(BigInteger.valueOf(shardCount));
    List<HashKeyRange> ranges = new ArrayList<>(shardCount);
    BigInteger start = BigInteger.ZERO;
    for (int i = 0; i < shardCount; i++) {
      BigInteger next = i == shardCount - 1 ? TWO_TO_THE_128 : start.add(width);
      ranges.add(new HashKeyRange(start, next.subtract(BigInteger.ONE)));
      start = next;
    }
    return List.copyOf(ranges);
  }

  private static boolean matchesPattern(String value) {
    return Decimals.isCanonical(value, MAX_DIGITS);
  }

  private static String lowerFirst(String fieldName) {
    return Character.toLowerCase(fieldName.charAt(0)) + fieldName.substring(1);
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform must provide MD5", e);
    }
  }
}
