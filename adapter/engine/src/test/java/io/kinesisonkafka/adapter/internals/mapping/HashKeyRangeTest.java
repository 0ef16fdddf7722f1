package io.kinesisonkafka.adapter.internals.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.model.HashKeyRange;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The resharding arithmetic of {@link HashKeyRange}, next to the hash keys it partitions. */
class HashKeyRangeTest {

  private static final BigInteger MAX = HashKeySpace.MAX;

  @Test
  void acceptsTheWholeSpaceAndSingleKeyRanges() {
    assertThat(range(0, 0).contains(BigInteger.ZERO)).isTrue();
    assertThat(new HashKeyRange(MAX, MAX).contains(MAX)).isTrue();
    assertThat(new HashKeyRange(BigInteger.ZERO, MAX).contains(MAX)).isTrue();
  }

  @Test
  void rejectsRangesOutsideTheHashKeySpace() {
    assertThatThrownBy(() -> range(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HashKeyRange(BigInteger.ZERO, MAX.add(BigInteger.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HashKeyRange(null, MAX)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void rejectsRangesThatEndBeforeTheyStart() {
    assertThatThrownBy(() -> range(6, 5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void containsBothEndsAndNothingOutside() {
    HashKeyRange range = range(10, 20);

    assertThat(range.contains(BigInteger.valueOf(10))).isTrue();
    assertThat(range.contains(BigInteger.valueOf(20))).isTrue();
    assertThat(range.contains(BigInteger.valueOf(9))).isFalse();
    assertThat(range.contains(BigInteger.valueOf(21))).isFalse();
  }

  @Test
  void isAdjacentToARangeTouchingEitherSide() {
    assertThat(range(10, 20).isAdjacentTo(range(21, 30))).isTrue();
    assertThat(range(21, 30).isAdjacentTo(range(10, 20))).isTrue();
  }

  @Test
  void isNotAdjacentAcrossAGapOrAnOverlap() {
    assertThat(range(10, 20).isAdjacentTo(range(22, 30))).isFalse();
    assertThat(range(10, 20).isAdjacentTo(range(20, 30))).isFalse();
    assertThat(range(10, 20).isAdjacentTo(range(10, 20))).isFalse();
  }

  @Test
  void unionOfAdjacentRangesSpansBothWhicheverComesFirst() {
    assertThat(range(10, 20).union(range(21, 30))).isEqualTo(range(10, 30));
    assertThat(range(21, 30).union(range(10, 20))).isEqualTo(range(10, 30));
  }

  @Test
  void rejectsTheUnionOfRangesThatAreNotAdjacent() {
    assertThatThrownBy(() -> range(10, 20).union(range(22, 30)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void splitGivesTheKeyToTheUpperHalf() {
    assertThat(range(10, 20).splitAt(BigInteger.valueOf(15)))
        .containsExactly(range(10, 14), range(15, 20));
    assertThat(range(10, 20).splitAt(BigInteger.valueOf(20)))
        .containsExactly(range(10, 19), range(20, 20));
  }

  @Test
  void rejectsASplitThatLeavesAnEmptyHalf() {
    assertThatThrownBy(() -> range(10, 20).splitAt(BigInteger.TEN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> range(10, 20).splitAt(BigInteger.valueOf(21)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static HashKeyRange range(long start, long end) {
    return new HashKeyRange(BigInteger.valueOf(start), BigInteger.valueOf(end));
  }
}
