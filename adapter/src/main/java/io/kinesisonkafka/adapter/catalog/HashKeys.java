package io.kinesisonkafka.adapter.catalog;

import java.math.BigInteger;

/** Kinesis routing keys: a shard owns a range of unsigned 128-bit hash keys. */
public final class HashKeys {
  private HashKeys() {}

  /** MD5 of the partition key's UTF-8 bytes, as an unsigned 128-bit integer. */
  public static BigInteger ofPartitionKey(String partitionKey) {
    return io.kinesisonkafka.adapter.internals.mapping.HashKeys.ofPartitionKey(partitionKey);
  }

  /** Like {@link #ofPartitionKey(String)} from the key's UTF-8 bytes. */
  public static BigInteger ofPartitionKey(byte[] utf8PartitionKey) {
    return io.kinesisonkafka.adapter.internals.mapping.HashKeys.ofPartitionKey(utf8PartitionKey);
  }

  /**
   * An explicit hash key: a decimal integer in 0..2^128-1.
   *
   * @throws io.kinesisonkafka.adapter.errors.KinesisException (InvalidArgument) otherwise
   */
  public static BigInteger parseExplicit(String explicitHashKey) {
    return io.kinesisonkafka.adapter.internals.mapping.HashKeys.parseExplicitHashKey(
        explicitHashKey);
  }

  /** The Kafka record header that carries a record's explicit hash key (ASCII decimal). */
  public static final String EXPLICIT_HASH_KEY_HEADER = "kinesis.explicitHashKey";
}
