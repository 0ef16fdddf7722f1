package io.kinesisonkafka.adapter.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardViewDetachedTest {
  private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  @Test
  void numbersRecordsAndReadsTheNumbersBackLikeACatalogShard() {
    ShardView shard = ShardView.detached(3, List.of(1), BigInteger.ZERO, MAX, 1_700_000_000L, -1);
    assertThat(shard.shardId()).isEqualTo("shardId-000000000003");
    assertThat(shard.isOpen()).isTrue();
    assertThat(shard.parents()).containsExactly(1);
    String seq = shard.sequenceNumber(41, 1_700_000_100_000L);
    assertThat(shard.offsetOf(seq)).isEqualTo(41);
    assertThat(new BigInteger(shard.sequenceNumber(42, 0))).isGreaterThan(new BigInteger(seq));
    assertThat(shard.offsetOf(shard.startingSequenceNumber())).isEqualTo(-1);
  }

  @Test
  void isClosedAtItsEndOffsetWhenGivenOne() {
    ShardView shard = ShardView.detached(0, List.of(), BigInteger.ZERO, MAX, 1_700_000_000L, 10);
    assertThat(shard.isClosed()).isTrue();
    assertThat(shard.endOffset()).isEqualTo(10);
    assertThat(shard.endingSequenceNumber()).isNotNull();
  }

  @Test
  void rejectsMoreThanTwoParentsAndRangesOutsideTheHashKeySpace() {
    assertThatThrownBy(() -> ShardView.detached(5, List.of(1, 2, 3), BigInteger.ZERO, MAX, 1L, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ShardView.detached(0, List.of(), BigInteger.ZERO, MAX.add(BigInteger.ONE), 1L, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
