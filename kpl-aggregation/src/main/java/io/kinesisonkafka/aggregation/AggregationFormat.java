package io.kinesisonkafka.aggregation;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Constants and helpers of the KPL's aggregated record format, shared by the builder and the
 * de-aggregator.
 *
 * <pre>
 * | magic F3 89 9A C2 (4) | AggregatedRecord protobuf (proto2) | MD5 of the protobuf bytes (16) |
 *
 * message AggregatedRecord { repeated string partition_key_table = 1;
 *                            repeated string explicit_hash_key_table = 2;
 *                            repeated Record records = 3; }
 * message Record { required uint64 partition_key_index = 1;
 *                  optional uint64 explicit_hash_key_index = 2;
 *                  required bytes data = 3;
 *                  repeated Tag tags = 4; }
 * message Tag    { required string key = 1; optional string value = 2; }
 * </pre>
 *
 * <p>Stateless apart from one MD5 digest per thread; thread-safe.
 */
final class AggregationFormat {

  static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
  static final int DIGEST_LENGTH = 16;

  /** Bytes an aggregate adds around its protobuf message: the magic and the MD5. */
  static final int OVERHEAD = MAGIC.length + DIGEST_LENGTH;

  // Field numbers of AggregatedRecord, Record and Tag.
  static final int PARTITION_KEY_TABLE = 1;
  static final int EXPLICIT_HASH_KEY_TABLE = 2;
  static final int RECORDS = 3;
  static final int PARTITION_KEY_INDEX = 1;
  static final int EXPLICIT_HASH_KEY_INDEX = 2;
  static final int DATA = 3;
  static final int TAGS = 4;
  static final int TAG_KEY = 1;

  /** The largest hash key, {@code 2^128-1}. */
  static final BigInteger MAX_HASH_KEY = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  private static final int MAX_HASH_KEY_DIGITS = 39;

  private static final ThreadLocal<MessageDigest> MD5 =
      ThreadLocal.withInitial(AggregationFormat::newMd5);

  private AggregationFormat() {}

  /** A protobuf tag: the field number and the wire type, as they precede a field's value. */
  static int tag(int fieldNumber, int wireType) {
    return (fieldNumber << 3) | wireType;
  }

  static boolean startsWithMagic(byte[] data) {
    if (data.length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  static byte[] md5(byte[] data, int offset, int length) {
    MessageDigest md5 = MD5.get();
    md5.update(data, offset, length);
    return md5.digest();
  }

  /** The hash key Kinesis routes a partition key by: MD5 of its UTF-8 bytes, unsigned. */
  static BigInteger hashKeyOfPartitionKey(String partitionKey) {
    return hashKeyOfPartitionKey(partitionKey.getBytes(StandardCharsets.UTF_8));
  }

  static BigInteger hashKeyOfPartitionKey(byte[] utf8PartitionKey) {
    return new BigInteger(1, md5(utf8PartitionKey, 0, utf8PartitionKey.length));
  }

  /**
   * Parses an explicit hash key as PutRecord accepts it: {@code 0|([1-9]\d{0,38})}, at most {@code
   * 2^128-1}; null if it is not one.
   */
  static BigInteger parseCanonicalHashKey(String value) {
    if (value.isEmpty() || (value.charAt(0) == '0' && value.length() > 1)) {
      return null;
    }
    return parseDigits(value);
  }

  /**
   * Parses an explicit hash key read from an aggregate more leniently, as the KCL does (leading
   * zeros allowed) but still only ASCII digits, at most {@code 2^128-1}; null if it is not one.
   */
  static BigInteger parseHashKey(String value) {
    int start = 0;
    while (start < value.length() - 1 && value.charAt(start) == '0') {
      start++;
    }
    return parseDigits(value.substring(start));
  }

  private static BigInteger parseDigits(String value) {
    int length = value.length();
    if (length == 0 || length > MAX_HASH_KEY_DIGITS) {
      return null;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    BigInteger hashKey = new BigInteger(value);
    return hashKey.compareTo(MAX_HASH_KEY) > 0 ? null : hashKey;
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform must provide MD5", e);
    }
  }
}
