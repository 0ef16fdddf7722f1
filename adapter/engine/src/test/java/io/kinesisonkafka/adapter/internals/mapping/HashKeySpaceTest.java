package io.kinesisonkafka.adapter.internals.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashKeySpaceTest {

  private static final BigInteger TWO_TO_THE_128 = BigInteger.TWO.pow(128);

  @Test
  void maxIsTwoToThe128MinusOne() {
    assertThat(HashKeySpace.MAX).isEqualTo(TWO_TO_THE_128.subtract(BigInteger.ONE));
    assertThat(HashKeySpace.MAX).hasToString("340282366920938463463374607431768211455");
  }

  @Test
  void routesPartitionKeysByTheirMd5ReadAsAnUnsignedInteger() {
    // md5("a") = 0cc175b9c0f1b6a831c399e269772661, md5("partitionKey-0") has its top bit set.
    assertThat(HashKeySpace.ofPartitionKey("a"))
        .isEqualTo(new BigInteger("16955237001963240173058271559858726497"));
    assertThat(HashKeySpace.ofPartitionKey("partitionKey-0"))
        .isEqualTo(new BigInteger("283893945402358862714065952676399797471"));
  }

  @Test
  void hashesTheUtf8BytesOfNonAsciiPartitionKeys() {
    assertThat(HashKeySpace.ofPartitionKey("ü"))
        .isEqualTo(new BigInteger("255482112228542481294366945247899473731"));
  }

  @Test
  void hashesConsistentlyFromManyThreadsAtOnce() throws Exception {
    List<String> keys = IntStream.range(0, 2_000).mapToObj(i -> "key-" + i).toList();
    List<BigInteger> expected = keys.stream().map(HashKeySpace::ofPartitionKey).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<BigInteger>>> results =
          IntStream.range(0, 4)
              .mapToObj(
                  t -> pool.submit(() -> keys.stream().map(HashKeySpace::ofPartitionKey).toList()))
              .toList();
      for (Future<List<BigInteger>> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void parsesExplicitHashKeysAtBothEndsOfTheRange() {
    assertThat(HashKeySpace.parseExplicitHashKey("0")).isZero();
    assertThat(HashKeySpace.parseExplicitHashKey("340282366920938463463374607431768211455"))
        .isEqualTo(HashKeySpace.MAX);
    assertThat(HashKeySpace.parseExplicitHashKey("12345")).isEqualTo(BigInteger.valueOf(12345));
  }

  @Test
  void rejectsHashKeyAboveTwoToThe128MinusOne() {
    assertThatThrownBy(
            () -> HashKeySpace.parseExplicitHashKey("340282366920938463463374607431768211456"))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(KinesisErrorCode.INVALID_ARGUMENT);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                          + "[0, 2^128-1]. Specified value was "
                          + "340282366920938463463374607431768211456");
            });
  }

  @Test
  void rejectsTheLargestThirtyNineDigitNumberAsOutOfRange() {
    assertThatThrownBy(() -> HashKeySpace.parseExplicitHashKey("9".repeat(39)))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> assertThat(e.code()).isEqualTo(KinesisErrorCode.INVALID_ARGUMENT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "01", "00", "-1", "+1", " 1", "1 ", "1.0", "1e3", "abc", "١", "１"})
  void rejectsHashKeysThatDoNotMatchTheModelPattern(String value) {
    assertThatThrownBy(() -> HashKeySpace.parseExplicitHashKey(value))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(KinesisErrorCode.VALIDATION);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "1 validation error detected: Value '"
                          + value
                          + "' at 'explicitHashKey' failed to satisfy constraint: Member must"
                          + " satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
            });
  }

  @Test
  void rejectsFortyDigitHashKeysAsNotMatchingTheModelPattern() {
    assertThatThrownBy(() -> HashKeySpace.parseExplicitHashKey("1" + "0".repeat(39)))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> assertThat(e.code()).isEqualTo(KinesisErrorCode.VALIDATION));
  }

  @Test
  void namesTheFieldInErrorsAboutOtherHashKeys() {
    assertThatThrownBy(
            () ->
                HashKeySpace.parseHashKey(
                    "340282366920938463463374607431768211456", "NewStartingHashKey"))
        .hasMessage(
            "Invalid NewStartingHashKey. NewStartingHashKey must be in the range: [0, 2^128-1]."
                + " Specified value was 340282366920938463463374607431768211456");
    assertThatThrownBy(() -> HashKeySpace.parseHashKey("x", "NewStartingHashKey"))
        .hasMessageContaining("at 'newStartingHashKey' failed to satisfy constraint");
    assertThat(HashKeySpace.parseHashKey("42", "NewStartingHashKey"))
        .isEqualTo(BigInteger.valueOf(42));
  }

  @Test
  void splitsFourShardsTheWayKinesisDoes() {
    assertThat(HashKeySpace.evenSplit(4))
        .containsExactly(
            range("0", "85070591730234615865843651857942052863"),
            range(
                "85070591730234615865843651857942052864",
                "170141183460469231731687303715884105727"),
            range(
                "170141183460469231731687303715884105728",
                "255211775190703847597530955573826158591"),
            range(
                "255211775190703847597530955573826158592",
                "340282366920938463463374607431768211455"));
  }

  @Test
  void givesOneShardTheWholeHashKeySpace() {
    assertThat(HashKeySpace.evenSplit(1))
        .containsExactly(new HashKeyRange(BigInteger.ZERO, HashKeySpace.MAX));
  }

  @Test
  void givesTheRemainderOfAnUnevenSplitToTheLastShard() {
    List<HashKeyRange> ranges = HashKeySpace.evenSplit(3);
    BigInteger width = TWO_TO_THE_128.divide(BigInteger.valueOf(3));

    assertThat(ranges.get(0).endingHashKey()).isEqualTo(width.subtract(BigInteger.ONE));
    assertThat(ranges.get(2).endingHashKey()).isEqualTo(HashKeySpace.MAX);
    assertThat(size(ranges.get(2))).isEqualTo(width.add(BigInteger.ONE)); // 2^128 mod 3 = 1
  }

  @Test
  void rejectsSplittingIntoFewerThanOneShard() {
    assertThatThrownBy(() -> HashKeySpace.evenSplit(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashKeySpace.evenSplit(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static HashKeyRange range(String start, String end) {
    return new HashKeyRange(new BigInteger(start), new BigInteger(end));
  }

  private static BigInteger size(HashKeyRange range) {
    return range.endingHashKey().subtract(range.startingHashKey()).add(BigInteger.ONE);
  }
}
