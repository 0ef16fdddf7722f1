package io.kinesisonkafka.connect.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardLanesTest {
  private static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);

  /** {@code n} open shards splitting the hash key space evenly, as CreateStream does. */
  private static List<ShardInfo> even(int n) {
    List<ShardInfo> shards = new ArrayList<>();
    BigInteger step = SPACE.divide(BigInteger.valueOf(n));
    for (int i = 0; i < n; i++) {
      BigInteger start = step.multiply(BigInteger.valueOf(i));
      BigInteger end =
          i == n - 1 ? SPACE.subtract(BigInteger.ONE) : start.add(step).subtract(BigInteger.ONE);
      shards.add(
          new ShardInfo("s", String.format("shardId-%012d", i), null, null, start, end, false));
    }
    return shards;
  }

  private static BigInteger md5(String key) throws Exception {
    return new BigInteger(
        1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void routesEachKeyToTheShardWhoseRangeHoldsItsMd5() throws Exception {
    List<ShardInfo> shards = even(4);
    ShardLanes lanes = ShardLanes.of(shards);
    assertThat(lanes.size()).isEqualTo(4);
    int[] perLane = new int[4];
    for (int i = 0; i < 10_000; i++) {
      String key = "k" + i;
      int lane = lanes.laneOf(key, null);
      ShardInfo shard = shards.get(lane);
      BigInteger hash = md5(key);
      assertThat(hash).isBetween(shard.startingHashKey(), shard.endingHashKey());
      assertThat(lanes.shardId(lane)).isEqualTo(shard.shardId());
      perLane[lane]++;
    }
    System.out.printf("10,000 keys over 4 lanes: %s%n", java.util.Arrays.toString(perLane));
    assertThat(java.util.Arrays.stream(perLane).min().getAsInt()).isGreaterThan(2000);
  }

  @Test
  void routesByTheExplicitHashKeyWhenThereIsOne() {
    ShardLanes lanes = ShardLanes.of(even(4));
    assertThat(lanes.laneOf("any", "0")).isZero();
    assertThat(lanes.laneOf("any", SPACE.subtract(BigInteger.ONE).toString())).isEqualTo(3);
    assertThat(lanes.laneOf("any", SPACE.shiftRight(1).toString())).isEqualTo(2);
  }

  @Test
  void leavesClosedShardsOutAndFallsBackToOneLane() {
    List<ShardInfo> shards = new ArrayList<>(even(2));
    ShardInfo parent = shards.get(0);
    shards.set(
        0,
        new ShardInfo(
            "s",
            parent.shardId(),
            null,
            null,
            parent.startingHashKey(),
            parent.endingHashKey(),
            true));
    ShardLanes lanes = ShardLanes.of(shards);
    assertThat(lanes.size()).isEqualTo(1);
    assertThat(lanes.shardId(0)).isEqualTo("shardId-000000000001");
    assertThat(ShardLanes.of(List.of()).size()).isEqualTo(1);
    assertThat(ShardLanes.single().shardId(0)).isNull();
  }
}
