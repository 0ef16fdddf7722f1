package io.kinesisonkafka.adapter.internals.mapping;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import java.math.BigInteger;

/**
 * Kinesis sequence numbers made from a Kafka position, so that reading from one is a seek with no
 * lookup. The layout is Kinesis' v2 format as kinesalite reconstructed it, 47 hex digits printed as
 * a 56-digit decimal integer of bit length 186:
 *
 * <pre>
 * 2 | incarnation seconds (9) | shard index low nibble (1) | offset (16) | 00 | record seconds (9)
 *   | shard index (8) | 2
 * </pre>
 *
 * <p>Clients depend on it: the KCL's {@code SequenceNumberValidator} reads the shard index from
 * bits 4–35 once it sees bit length 186 and version 2 in bits 184–187, and checkpoints compare
 * numbers as integers. The offset sits above the record time, so numbers grow with the offset
 * within a shard whatever the clock says; the incarnation (stream creation time) makes a number
 * from a deleted and recreated stream recognisable instead of misread.
 */
public final class SequenceNumbers {

  /** The fields of a sequence number. */
  public record Decoded(
      long incarnationSeconds, int shardIndex, long offset, long recordEpochSeconds) {}

  private static final long VERSION = 2;
  private static final long SECONDS_LIMIT = 1L << 36; // 9 hex digits
  private static final long SECONDS_MASK = SECONDS_LIMIT - 1;
  private static final long LOW_32 = 0xFFFF_FFFFL;

  /** Every number in the layout is between 2^185 and 2^186, hence exactly this many digits. */
  private static final int DECIMAL_DIGITS = 56;

  /** The model allows up to 129 digits; longer input is invalid without looking at it. */
  private static final int MAX_DIGITS = 129;

  private static final long CHUNK = 1_000_000_000;
  private static final int CHUNK_DIGITS = 9;

  /** Record seconds written into an ending number so that it is above every record's number. */
  private static final long MAX_RECORD_SECONDS = 0xFFFFFFFFFL;

  private SequenceNumbers() {}

  /**
   * The number of the record at {@code offset}, appended at {@code timestampMillis}: its sequence
   * index is the offset + 1, so that index 0 stays below every record ({@link #starting}).
   */
  public static String ofRecord(
      long incarnationSeconds, int shardIndex, long offset, long timestampMillis) {
    return encode(incarnationSeconds, shardIndex, offset + 1, Math.max(0, timestampMillis / 1000));
  }

  /**
   * Below every record of the shard: sequence index 0, the shard's StartingSequenceNumber. So
   * AFTER_SEQUENCE_NUMBER of it starts at the first record, and a position before any record still
   * has a number (SubscribeToShard's continuation on an empty shard).
   */
  public static String starting(long incarnationSeconds, int shardIndex) {
    return encode(incarnationSeconds, shardIndex, 0, incarnationSeconds);
  }

  /**
   * At or above every record of a shard closed at {@code endOffset}: the last record's index, the
   * largest seconds. The shard's EndingSequenceNumber.
   */
  public static String ending(long incarnationSeconds, int shardIndex, long endOffset) {
    return encode(incarnationSeconds, shardIndex, endOffset, MAX_RECORD_SECONDS);
  }

  /**
   * The number that names "everything before {@code nextOffset}": at or above every earlier
   * record's number and below the next one's, so AFTER_SEQUENCE_NUMBER of it resumes at {@code
   * nextOffset}.
   */
  public static String continuation(long incarnationSeconds, int shardIndex, long nextOffset) {
    return encode(incarnationSeconds, shardIndex, nextOffset, MAX_RECORD_SECONDS);
  }

  /**
   * The sequence number of the record at {@code offset} in shard {@code shardIndex}.
   *
   * <p>On the read and write hot paths, so the number is assembled in three longs and printed by
   * dividing 32-bit limbs by 10^9 in place: no BigInteger, one byte array and the String, a quarter
   * of the time of building the hex digits and converting them with BigInteger.
   *
   * @throws IllegalArgumentException if a field does not fit its slot: negative values, or seconds
   *     at or above 2^36
   */
  public static String encode(
      long incarnationSeconds, int shardIndex, long offset, long recordEpochSeconds) {
    if (incarnationSeconds < 0 || incarnationSeconds >= SECONDS_LIMIT) {
      throw new IllegalArgumentException("Incarnation seconds out of range: " + incarnationSeconds);
    }
    if (recordEpochSeconds < 0 || recordEpochSeconds >= SECONDS_LIMIT) {
      throw new IllegalArgumentException("Record seconds out of range: " + recordEpochSeconds);
    }
    if (shardIndex < 0) {
      throw new IllegalArgumentException("Negative shard index: " + shardIndex);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("Negative offset: " + offset);
    }
    // bits 0-63: version (0-3), shard index (4-35), low 28 bits of record seconds (36-63)
    long low = VERSION | ((long) shardIndex << 4) | (recordEpochSeconds << 36);
    // bits 64-127: high 8 bits of record seconds (64-71), 00 (72-79), low 48 bits of offset
    long middle = (recordEpochSeconds >>> 28) | (offset << 16);
    // bits 128-187: high 16 bits of offset, shard nibble (144-147), incarnation (148-183), version
    long high =
        (offset >>> 48)
            | ((long) (shardIndex & 0xF) << 16)
            | (incarnationSeconds << 20)
            | (VERSION << 56);
    return toDecimal(high, middle, low);
  }

  /**
   * The fields of {@code sequenceNumber}.
   *
   * @throws KinesisException InvalidArgumentException "Invalid sequence number: ..." if it does not
   *     match the model pattern {@code 0|([1-9]\d{0,128})} or is not in the layout; callers re-wrap
   *     it with the message Kinesis gives in their context
   */
  public static Decoded decode(String sequenceNumber) {
    if (!matchesPattern(sequenceNumber) || sequenceNumber.length() != DECIMAL_DIGITS) {
      throw invalid(sequenceNumber);
    }
    BigInteger value = new BigInteger(sequenceNumber);
    long low = value.longValue();
    long middle = value.shiftRight(64).longValue();
    long high = value.shiftRight(128).longValue();
    long shardIndex = (low >>> 4) & LOW_32;
    long offset = (middle >>> 16) | (high << 48);
    // Version 2 in bits 184-187 and nothing above also means bit length 186.
    if ((low & 0xF) != VERSION
        || (high >>> 56) != VERSION
        || ((middle >>> 8) & 0xFF) != 0
        || offset < 0
        || shardIndex > Integer.MAX_VALUE
        || ((high >>> 16) & 0xF) != (shardIndex & 0xF)) {
      throw invalid(sequenceNumber);
    }
    long recordSeconds = (low >>> 36) | ((middle & 0xFF) << 28);
    long incarnationSeconds = (high >>> 20) & SECONDS_MASK;
    return new Decoded(incarnationSeconds, (int) shardIndex, offset, recordSeconds);
  }

  /**
   * Compares two sequence numbers as integers, the way the KCL does, without parsing them.
   *
   * @throws KinesisException InvalidArgumentException if either does not match the model pattern
   */
  public static int compare(String a, String b) {
    if (!matchesPattern(a)) {
      throw invalid(a);
    }
    if (!matchesPattern(b)) {
      throw invalid(b);
    }
    // No leading zeros: the longer number is larger, equal lengths compare digit by digit.
    int byLength = Integer.compare(a.length(), b.length());
    return byLength != 0 ? byLength : Integer.signum(a.compareTo(b));
  }

  /** "00", "01", ... "99": two digits per division on the hot path. */
  private static final byte[] DIGIT_PAIRS = new byte[200];

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  /**
   * The 188-bit number {@code high:middle:low} in decimal: seven rounds of dividing its six 32-bit
   * limbs (held in locals, not an array) by 10^9, each remainder written as nine ASCII digits two
   * at a time, into the bytes of a Latin-1 string.
   */
  private static String toDecimal(long high, long middle, long low) {
    long l0 = high >>> 32;
    long l1 = high & LOW_32;
    long l2 = middle >>> 32;
    long l3 = middle & LOW_32;
    long l4 = low >>> 32;
    long l5 = low & LOW_32;
    int chunks = (DECIMAL_DIGITS + CHUNK_DIGITS - 1) / CHUNK_DIGITS;
    byte[] digits = new byte[chunks * CHUNK_DIGITS];
    int end = digits.length;
    for (int chunk = 0; chunk < chunks; chunk++) {
      long q = l0 / CHUNK;
      long r = l0 - q * CHUNK;
      l0 = q;
      long c = (r << 32) | l1;
      q = c / CHUNK;
      r = c - q * CHUNK;
      l1 = q;
      c = (r << 32) | l2;
      q = c / CHUNK;
      r = c - q * CHUNK;
      l2 = q;
      c = (r << 32) | l3;
      q = c / CHUNK;
      r = c - q * CHUNK;
      l3 = q;
      c = (r << 32) | l4;
      q = c / CHUNK;
      r = c - q * CHUNK;
      l4 = q;
      c = (r << 32) | l5;
      q = c / CHUNK;
      r = c - q * CHUNK;
      l5 = q;
      int rest = (int) r;
      for (int pair = 0; pair < CHUNK_DIGITS / 2; pair++) {
        int next = rest / 100;
        int two = (rest - next * 100) * 2;
        digits[--end] = DIGIT_PAIRS[two + 1];
        digits[--end] = DIGIT_PAIRS[two];
        rest = next;
      }
      digits[--end] = (byte) ('0' + rest);
    }
    return new String(
        digits,
        digits.length - DECIMAL_DIGITS,
        DECIMAL_DIGITS,
        java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static boolean matchesPattern(String value) {
    return Decimals.isCanonical(value, MAX_DIGITS);
  }

  private static KinesisException invalid(String sequenceNumber) {
    return KinesisErrorCode.INVALID_ARGUMENT.exception(
        "Invalid sequence number: " + sequenceNumber);
  }
}
