package io.kinesisonkafka.adapter.catalog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Kinesis routing keys: a shard owns a range of unsigned 128-bit hash keys, and a record goes to
 * the shard whose range holds the MD5 of its partition key, or its explicit hash key. The same
 * computation as the engine's, for libraries that route records themselves.
 *
 * <p>The static methods are thread-safe; a {@link Hasher} is not (each thread gets its own).
 */
public final class HashKeys {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private static final ThreadLocal<Hasher> HASHERS = ThreadLocal.withInitial(Hasher::new);

  private HashKeys() {}

  /**
   * MD5 of the partition key's UTF-8 bytes, as an unsigned 128-bit integer.
   *
   * @param partitionKey the record's partition key; not null
   * @return the hash key, in {@code 0..2^128-1}
   */
  public static BigInteger ofPartitionKey(String partitionKey) {
    return io.kinesisonkafka.adapter.internals.mapping.HashKeySpace.ofPartitionKey(partitionKey);
  }

  /**
   * Like {@link #ofPartitionKey(String)} from the key's UTF-8 bytes.
   *
   * @param utf8PartitionKey the partition key, encoded in UTF-8
   * @return the hash key, in {@code 0..2^128-1}
   */
  public static BigInteger ofPartitionKey(byte[] utf8PartitionKey) {
    return io.kinesisonkafka.adapter.internals.mapping.HashKeySpace.ofPartitionKey(
        utf8PartitionKey);
  }

  /**
   * An explicit hash key: a decimal integer in 0..2^128-1.
   *
   * @param explicitHashKey the record's ExplicitHashKey, as the request carries it
   * @return its value
   * @throws io.kinesisonkafka.adapter.errors.KinesisException (InvalidArgument) otherwise
   */
  public static BigInteger parseExplicit(String explicitHashKey) {
    return io.kinesisonkafka.adapter.internals.mapping.HashKeySpace.parseExplicitHashKey(
        explicitHashKey);
  }

  /**
   * The upper 64 bits of a hash key in {@code 0..2^128-1}, as an unsigned long.
   *
   * @param hashKey a hash key in {@code 0..2^128-1}
   * @return bits 64 to 127, to be compared with {@link Long#compareUnsigned}
   */
  public static long high(BigInteger hashKey) {
    return hashKey.shiftRight(64).longValue();
  }

  /**
   * The lower 64 bits of a hash key, as an unsigned long.
   *
   * @param hashKey a hash key in {@code 0..2^128-1}
   * @return bits 0 to 63, to be compared with {@link Long#compareUnsigned}
   */
  public static long low(BigInteger hashKey) {
    return hashKey.longValue();
  }

  /**
   * The hash key {@code high * 2^64 + low}, both halves unsigned.
   *
   * @param high the upper 64 bits
   * @param low the lower 64 bits
   * @return a non-negative BigInteger below 2^128
   */
  public static BigInteger of(long high, long low) {
    byte[] bytes = new byte[16];
    LONGS.set(bytes, 0, high);
    LONGS.set(bytes, 8, low);
    return new BigInteger(1, bytes);
  }

  /**
   * The calling thread's {@link Hasher}.
   *
   * @return the hasher, for use on this thread only
   */
  public static Hasher hasher() {
    return HASHERS.get();
  }

  /**
   * Hashes partition keys into two unsigned longs, the upper and lower halves of the hash key,
   * without allocating: for a producer that routes every record ({@link StreamView#route(long,
   * long)}). Not thread-safe; {@link #hasher()} gives each thread its own.
   */
  public static final class Hasher {
    private final MessageDigest md5;
    private final byte[] digest = new byte[16];
    private long high;
    private long low;

    private Hasher() {
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("MD5 is required of every Java platform", e);
      }
    }

    /**
     * Hashes a partition key given in UTF-8; read the result with {@link #high()}, {@link #low()}.
     *
     * @param utf8PartitionKey the partition key, encoded in UTF-8; not kept
     */
    public void hash(byte[] utf8PartitionKey) {
      md5.update(utf8PartitionKey);
      try {
        md5.digest(digest, 0, digest.length);
      } catch (DigestException e) {
        throw new IllegalStateException("MD5 digests are 16 bytes", e);
      }
      high = (long) LONGS.get(digest, 0);
      low = (long) LONGS.get(digest, 8);
    }

    /**
     * The upper 64 bits of the last hash, as an unsigned long.
     *
     * @return bits 64 to 127 of the last hash; 0 before the first
     */
    public long high() {
      return high;
    }

    /**
     * The lower 64 bits of the last hash, as an unsigned long.
     *
     * @return bits 0 to 63 of the last hash; 0 before the first
     */
    public long low() {
      return low;
    }
  }

  /** The Kafka record header that carries a record's explicit hash key (ASCII decimal). */
  public static final String EXPLICIT_HASH_KEY_HEADER = "kinesis.explicitHashKey";
}
