package io.kinesisonkafka.adapter.internals.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.model.HashKeyRange;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of {@link HashKeySpace}, run by jqwik; examples are in {@link HashKeySpaceTest}.
 *
 * <p>Kept apart from the JUnit Jupiter examples: surefire writes one report per class name, so a
 * class run by both engines loses one engine's results from its XML report.
 */
class HashKeySpacePropertiesTest {

  private static final BigInteger TWO_TO_THE_128 = BigInteger.TWO.pow(128);

  @Property
  void hashKeyOfAnyPartitionKeyIsItsMd5(@ForAll String partitionKey) throws Exception {
    byte[] utf8 = partitionKey.getBytes(StandardCharsets.UTF_8);
    BigInteger expected = new BigInteger(1, MessageDigest.getInstance("MD5").digest(utf8));

    assertThat(HashKeySpace.ofPartitionKey(partitionKey)).isEqualTo(expected);
    assertThat(HashKeySpace.ofPartitionKey(utf8)).isEqualTo(expected);
    assertThat(expected).isBetween(BigInteger.ZERO, HashKeySpace.MAX);
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void evenSplitTilesTheHashKeySpaceWithNoGapOrOverlap(
      @ForAll @IntRange(min = 1, max = 1000) int shardCount) {
    List<HashKeyRange> ranges = HashKeySpace.evenSplit(shardCount);
    BigInteger width = TWO_TO_THE_128.divide(BigInteger.valueOf(shardCount));

    assertThat(ranges).hasSize(shardCount);
    assertThat(ranges.get(0).startingHashKey()).isZero();
    assertThat(ranges.get(shardCount - 1).endingHashKey()).isEqualTo(HashKeySpace.MAX);
    for (int i = 0; i < shardCount; i++) {
      HashKeyRange range = ranges.get(i);
      assertThat(range.startingHashKey()).isEqualTo(width.multiply(BigInteger.valueOf(i)));
      if (i > 0) {
        assertThat(ranges.get(i - 1).endingHashKey().add(BigInteger.ONE))
            .isEqualTo(range.startingHashKey());
      }
      if (i < shardCount - 1) {
        assertThat(size(range)).isEqualTo(width);
      }
    }
  }

  private static BigInteger size(HashKeyRange range) {
    return range.endingHashKey().subtract(range.startingHashKey()).add(BigInteger.ONE);
  }
}
