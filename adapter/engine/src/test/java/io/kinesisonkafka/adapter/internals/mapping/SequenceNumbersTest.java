package io.kinesisonkafka.adapter.internals.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.mapping.SequenceNumbers.Decoded;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceNumbersTest {

  private static final long MAX_SECONDS = (1L << 36) - 1;

  /** A sequence number the real service returned (shard 6, created 2018-11-21). */
  private static final String REAL_KINESIS_NUMBER =
      "49590338271490256608559692538361571095921575989136588898";

  @Test
  void consecutiveOffsetsGetIncreasingNumbersEvenWhenTheClockGoesBack() {
    String first = SequenceNumbers.encode(1_700_000_000L, 3, 41, 1_700_000_100L);
    String second = SequenceNumbers.encode(1_700_000_000L, 3, 42, 1_700_000_000L);

    assertThat(SequenceNumbers.compare(first, second)).isNegative();
  }

  @Test
  void encodesTheSmallestAndLargestFields() {
    String smallest = SequenceNumbers.encode(0, 0, 0, 0);
    String largest =
        SequenceNumbers.encode(MAX_SECONDS, Integer.MAX_VALUE, Long.MAX_VALUE, MAX_SECONDS);

    assertThat(smallest)
        .isEqualTo(BigInteger.valueOf(2).shiftLeft(184).add(BigInteger.TWO).toString());
    assertThat(SequenceNumbers.decode(smallest)).isEqualTo(new Decoded(0, 0, 0, 0));
    assertThat(SequenceNumbers.decode(largest))
        .isEqualTo(new Decoded(MAX_SECONDS, Integer.MAX_VALUE, Long.MAX_VALUE, MAX_SECONDS));
    assertThat(KclSequenceNumberReader.shardIdFor(largest)).contains("shardId-002147483647");
  }

  @Test
  void decodesANumberTheRealServiceIssued() {
    assertThat(SequenceNumbers.decode(REAL_KINESIS_NUMBER))
        .isEqualTo(new Decoded(0x5bf4e5c2L, 6, 0x67648a17L, 0x5c181eeaL));
    assertThat(KclSequenceNumberReader.shardIdFor(REAL_KINESIS_NUMBER))
        .contains("shardId-000000000006");
  }

  @Test
  void rejectsFieldsThatDoNotFitTheirSlots() {
    assertThatThrownBy(() -> SequenceNumbers.encode(-1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SequenceNumbers.encode(MAX_SECONDS + 1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SequenceNumbers.encode(0, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SequenceNumbers.encode(0, 0, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SequenceNumbers.encode(0, 0, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SequenceNumbers.encode(0, 0, 0, MAX_SECONDS + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "1", "-1", "01", "abc", "1.5", " 1", "１"})
  void rejectsValuesThatAreNotSequenceNumbers(String value) {
    assertInvalid(value);
  }

  @Test
  void rejectsNullAndOverlongValues() {
    assertInvalid(null);
    assertInvalid("1".repeat(130));
    assertInvalid("1".repeat(129)); // matches the model pattern, not the layout
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1" + "05bf4e5c26" + "0000000067648a17" + "00" + "05c181eea" + "00000006" + "2",
        "3" + "05bf4e5c26" + "0000000067648a17" + "00" + "05c181eea" + "00000006" + "2",
        "2" + "05bf4e5c26" + "0000000067648a17" + "00" + "05c181eea" + "00000006" + "1",
        "2" + "05bf4e5c26" + "0000000067648a17" + "01" + "05c181eea" + "00000006" + "2",
        "2" + "05bf4e5c27" + "0000000067648a17" + "00" + "05c181eea" + "00000006" + "2",
        "2" + "05bf4e5c26" + "8000000067648a17" + "00" + "05c181eea" + "00000006" + "2",
        "2" + "05bf4e5c26" + "0000000067648a17" + "00" + "05c181eea" + "80000006" + "2",
        "20" + "05bf4e5c26" + "0000000067648a17" + "00" + "05c181eea" + "00000006" + "2",
      })
  void rejectsNumbersOutsideTheLayout(String hex) {
    assertInvalid(new BigInteger(hex, 16).toString());
  }

  @Test
  void comparesNumbersOfDifferentLengthsNumerically() {
    assertThat(SequenceNumbers.compare("9", "10")).isNegative();
    assertThat(SequenceNumbers.compare("10", "9")).isPositive();
    assertThat(SequenceNumbers.compare("0", "0")).isZero();
    assertThat(SequenceNumbers.compare(REAL_KINESIS_NUMBER, REAL_KINESIS_NUMBER)).isZero();
  }

  @Test
  void rejectsComparingValuesThatAreNotNumbers() {
    assertThatThrownBy(() -> SequenceNumbers.compare("01", "1"))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> assertThat(e.getMessage()).isEqualTo("Invalid sequence number: 01"));
    assertThatThrownBy(() -> SequenceNumbers.compare("1", "TRIM_HORIZON"))
        .isInstanceOf(KinesisException.class);
  }

  private static void assertInvalid(String value) {
    assertThatThrownBy(() -> SequenceNumbers.decode(value))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(KinesisErrorCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).isEqualTo("Invalid sequence number: " + value);
            });
  }
}
