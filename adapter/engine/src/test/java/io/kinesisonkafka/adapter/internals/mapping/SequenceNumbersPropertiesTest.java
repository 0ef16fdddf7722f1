package io.kinesisonkafka.adapter.internals.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.internals.mapping.SequenceNumbers.Decoded;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties of {@link SequenceNumbers}, run by jqwik; examples are in {@link SequenceNumbersTest}.
 *
 * <p>Kept apart from the JUnit Jupiter examples: surefire writes one report per class name, so a
 * class run by both engines loses one engine's results from its XML report.
 */
class SequenceNumbersPropertiesTest {

  private static final long MAX_SECONDS = (1L << 36) - 1;

  @Property
  void decodeReturnsWhatEncodeWasGiven(
      @ForAll @LongRange(max = MAX_SECONDS) long incarnationSeconds,
      @ForAll @IntRange int shardIndex,
      @ForAll @LongRange long offset,
      @ForAll @LongRange(max = MAX_SECONDS) long recordSeconds) {
    String sequenceNumber =
        SequenceNumbers.encode(incarnationSeconds, shardIndex, offset, recordSeconds);

    assertThat(SequenceNumbers.decode(sequenceNumber))
        .isEqualTo(new Decoded(incarnationSeconds, shardIndex, offset, recordSeconds));
  }

  @Property
  void encodesTheKinesaliteHexLayoutInDecimal(
      @ForAll @LongRange(max = MAX_SECONDS) long incarnationSeconds,
      @ForAll @IntRange int shardIndex,
      @ForAll @LongRange long offset,
      @ForAll @LongRange(max = MAX_SECONDS) long recordSeconds) {
    String hex =
        String.format(
            "2%09x%x%016x00%09x%08x2",
            incarnationSeconds, shardIndex & 0xF, offset, recordSeconds, shardIndex);

    String sequenceNumber =
        SequenceNumbers.encode(incarnationSeconds, shardIndex, offset, recordSeconds);

    assertThat(sequenceNumber).isEqualTo(new BigInteger(hex, 16).toString());
    assertThat(sequenceNumber).hasSize(56).matches("[1-9][0-9]*");
  }

  @Property
  void kclSequenceNumberValidatorReadsOurShardId(
      @ForAll @LongRange(max = MAX_SECONDS) long incarnationSeconds,
      @ForAll @IntRange int shardIndex,
      @ForAll @LongRange long offset,
      @ForAll @LongRange(max = MAX_SECONDS) long recordSeconds) {
    String sequenceNumber =
        SequenceNumbers.encode(incarnationSeconds, shardIndex, offset, recordSeconds);

    assertThat(KclSequenceNumberReader.shardIdFor(sequenceNumber))
        .contains(ShardIds.format(shardIndex));
  }

  @Property
  void numbersGrowWithTheOffsetWithinAShardWhateverTheRecordTime(
      @ForAll @LongRange(max = MAX_SECONDS) long incarnationSeconds,
      @ForAll @IntRange int shardIndex,
      @ForAll @LongRange long offset,
      @ForAll @LongRange long otherOffset,
      @ForAll @LongRange(max = MAX_SECONDS) long recordSeconds,
      @ForAll @LongRange(max = MAX_SECONDS) long otherRecordSeconds) {
    String a = SequenceNumbers.encode(incarnationSeconds, shardIndex, offset, recordSeconds);
    String b =
        SequenceNumbers.encode(incarnationSeconds, shardIndex, otherOffset, otherRecordSeconds);

    int expected = Long.compare(offset, otherOffset);
    if (expected != 0) {
      assertThat(SequenceNumbers.compare(a, b)).isEqualTo(expected);
      assertThat(Integer.signum(new BigInteger(a).compareTo(new BigInteger(b))))
          .isEqualTo(expected);
    }
  }

  @Provide
  Arbitrary<BigInteger> modelNumbers() {
    return Arbitraries.oneOf(
        Arbitraries.bigIntegers()
            .between(BigInteger.ZERO, BigInteger.TEN.pow(129).subtract(BigInteger.ONE)),
        Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(1000)));
  }

  @Property
  void compareAgreesWithBigInteger(
      @ForAll("modelNumbers") BigInteger a, @ForAll("modelNumbers") BigInteger b) {
    assertThat(SequenceNumbers.compare(a.toString(), b.toString()))
        .isEqualTo(Integer.signum(a.compareTo(b)));
  }
}
