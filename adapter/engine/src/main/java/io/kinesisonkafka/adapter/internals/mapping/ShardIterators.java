package io.kinesisonkafka.adapter.internals.mapping;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shard iterators that carry their whole position, so any instance can serve GetRecords with no
 * shared state, and that carry a MAC, so a forged or corrupted iterator is refused instead of
 * reading another stream or shard. Layout, in URL-safe base64 without padding:
 *
 * <pre>
 * version (1) | incarnation seconds (8) | shard index (4) | offset (8) | issued at millis (8)
 *   | stream name length (1) | stream name, UTF-8 | HMAC-SHA256 of all of the above, first 16 bytes
 * </pre>
 *
 * <p>232 characters for a 128-character stream name, well under Kinesis' 512. Expiry is the
 * engine's business: it knows the clock and the message. Thread-safe.
 */
public final class ShardIterators {

  /** Where an iterator points. */
  public record Position(
      String streamName,
      long incarnationSeconds,
      int shardIndex,
      long offset,
      long issuedAtMillis) {

    /**
     * @throws IllegalArgumentException if the name is empty or over 255 UTF-8 bytes, or a number is
     *     negative
     */
    public Position {
      Objects.requireNonNull(streamName, "streamName");
      int nameBytes = streamName.getBytes(StandardCharsets.UTF_8).length;
      if (nameBytes == 0 || nameBytes > MAX_NAME_BYTES) {
        throw new IllegalArgumentException("Stream name must have 1 to 255 UTF-8 bytes");
      }
      if (incarnationSeconds < 0 || shardIndex < 0 || offset < 0 || issuedAtMillis < 0) {
        throw new IllegalArgumentException("Negative field in " + streamName + " iterator");
      }
    }
  }

  private static final byte VERSION = 1;
  private static final int MAX_NAME_BYTES = 255;
  private static final int MAC_BYTES = 16;
  private static final int FIXED_BYTES = 1 + 8 + 4 + 8 + 8 + 1;
  private static final int MAX_ITERATOR_CHARS = 512;
  private static final String ALGORITHM = "HmacSHA256";

  /**
   * Fed to the MAC before the content, so that a token this key signs for another purpose can never
   * pass for an iterator.
   */
  private static final byte[] DOMAIN =
      "kinesis-on-kafka shard iterator".getBytes(StandardCharsets.US_ASCII);

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** Mac is stateful and not thread-safe; one per thread keeps the hot path free of key setup. */
  private final ThreadLocal<Mac> mac;

  /**
   * @param secretKey at least 16 bytes; copied. Every instance serving the same streams must use
   *     the same key.
   * @throws IllegalArgumentException if the key is shorter than 16 bytes
   */
  public ShardIterators(byte[] secretKey) {
    if (secretKey.length < 16) {
      throw new IllegalArgumentException("The shard iterator key needs at least 16 bytes");
    }
    SecretKeySpec key = new SecretKeySpec(secretKey.clone(), ALGORITHM);
    this.mac = ThreadLocal.withInitial(() -> newMac(key));
  }

  /** The iterator for {@code position}. */
  public String encode(Position position) {
    byte[] name = position.streamName().getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocate(FIXED_BYTES + name.length + MAC_BYTES);
    buffer
        .put(VERSION)
        .putLong(position.incarnationSeconds())
        .putInt(position.shardIndex())
        .putLong(position.offset())
        .putLong(position.issuedAtMillis())
        .put((byte) name.length)
        .put(name);
    byte[] bytes = buffer.array();
    System.arraycopy(sign(bytes, buffer.position()), 0, bytes, buffer.position(), MAC_BYTES);
    return ENCODER.encodeToString(bytes);
  }

  /**
   * The position {@code iterator} points to. One pair of surrounding double quotes is ignored, as
   * Kinesis does.
   *
   * @throws KinesisException InvalidArgumentException "Invalid ShardIterator." if it is malformed,
   *     truncated, tampered with, or signed with another key
   */
  public Position decode(String iterator) {
    if (iterator == null) {
      throw invalid();
    }
    String text = iterator;
    if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
      text = text.substring(1, text.length() - 1);
    }
    if (text.isEmpty() || text.length() > MAX_ITERATOR_CHARS) {
      throw invalid();
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    // The decoder ignores the unused low bits of the last character and accepts padding: insist
    // on the one spelling encode produces, so that no other string is a valid iterator.
    if (bytes.length < FIXED_BYTES + MAC_BYTES || !ENCODER.encodeToString(bytes).equals(text)) {
      throw invalid();
    }
    int contentLength = bytes.length - MAC_BYTES;
    byte[] expectedMac = sign(bytes, contentLength);
    byte[] actualMac = Arrays.copyOfRange(bytes, contentLength, bytes.length);
    if (!MessageDigest.isEqual(expectedMac, actualMac)) {
      throw invalid();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, contentLength);
    if (buffer.get() != VERSION) {
      throw invalid();
    }
    long incarnationSeconds = buffer.getLong();
    int shardIndex = buffer.getInt();
    long offset = buffer.getLong();
    long issuedAtMillis = buffer.getLong();
    int nameLength = buffer.get() & 0xFF;
    if (nameLength != buffer.remaining()) {
      throw invalid();
    }
    String streamName = new String(bytes, buffer.position(), nameLength, StandardCharsets.UTF_8);
    try {
      return new Position(streamName, incarnationSeconds, shardIndex, offset, issuedAtMillis);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  private byte[] sign(byte[] bytes, int length) {
    Mac instance = mac.get();
    instance.update(DOMAIN);
    instance.update(bytes, 0, length);
    return Arrays.copyOf(instance.doFinal(), MAC_BYTES);
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every Java platform must provide " + ALGORITHM, e);
    }
  }

  private static KinesisException invalid() {
    return KinesisErrorCode.INVALID_ARGUMENT.exception("Invalid ShardIterator.");
  }
}
