package io.kinesisonkafka.adapter.internals.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardIdsTest {

  @Test
  void formatsTheIndexAsTwelveZeroPaddedDigits() {
    assertThat(ShardIds.format(0)).isEqualTo("shardId-000000000000");
    assertThat(ShardIds.format(7)).isEqualTo("shardId-000000000007");
    assertThat(ShardIds.format(Integer.MAX_VALUE)).isEqualTo("shardId-002147483647");
  }

  @Test
  void rejectsFormattingANegativeIndex() {
    assertThatThrownBy(() -> ShardIds.format(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesShardIdsWithFewerThanTwelveDigits() {
    assertThat(ShardIds.parse("shardId-1")).hasValue(1);
    assertThat(ShardIds.parse("shardId-0")).hasValue(0);
    assertThat(ShardIds.parse("shardId-2147483647")).hasValue(Integer.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1",
        "shardId-",
        "shardId-0000000000001",
        "shardId-2147483648",
        "shardId-999999999999",
        "shardid-000000000001",
        "ShardId-000000000001",
        " shardId-000000000001",
        "shardId-000000000001 ",
        "shardId--1",
        "shardId-+1",
        "shardId-1a",
        "shardId-１",
        "shard-000000000001"
      })
  void findsNoShardIndexInAnythingElse(String shardId) {
    assertThat(ShardIds.parse(shardId)).isEmpty();
  }

  @Test
  void findsNoShardIndexInNull() {
    assertThat(ShardIds.parse(null)).isEmpty();
  }
}
