package io.kinesisonkafka.adapter.internals.mapping;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The KCL's {@code SequenceNumberValidator} V2 reader, reimplemented: the only third-party code
 * that looks inside a sequence number, so the layout must satisfy it.
 */
final class KclSequenceNumberReader {

  private KclSequenceNumberReader() {}

  /**
   * What {@code SequenceNumberValidator.shardIdFor} answers: version 2 needs bit length 186 and 2
   * in bits 184-187, then the shard index is bits 4-35.
   */
  static Optional<String> shardIdFor(String sequenceNumber) {
    BigInteger value = new BigInteger(sequenceNumber, 10);
    if (value.bitLength() != 186) {
      return Optional.empty();
    }
    if ((value.shiftRight(184).longValue() & 0xF) != 2) {
      return Optional.empty();
    }
    int shardId = (int) (value.shiftRight(4).longValue() & ((1L << 32) - 1));
    return Optional.of(String.format("shardId-%012d", shardId));
  }
}
