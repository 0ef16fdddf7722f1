package io.kinesisonkafka.adapter.internals.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import io.kinesisonkafka.adapter.model.StreamMode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Routing by two unsigned longs must give exactly the BigInteger answer, boundaries included. */
class RoutingTableTest {
  private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  @Test
  void routesByLongHalvesExactlyAsByBigInteger() {
    Random random = new Random(11);
    for (int layout = 0; layout < 50; layout++) {
      List<BigInteger> starts = randomStarts(random, 1 + random.nextInt(12));
      RoutingTable table = new RoutingTable(stream(starts));
      List<BigInteger> probes = new ArrayList<>(List.of(BigInteger.ZERO, MAX));
      for (BigInteger start : starts) {
        probes.add(start);
        if (start.signum() > 0) {
          probes.add(start.subtract(BigInteger.ONE));
        }
      }
      for (int i = 0; i < 200; i++) {
        probes.add(new BigInteger(128, random));
      }
      for (BigInteger key : probes) {
        ShardState byBigInteger = table.route(key);
        assertThat(table.route(HashKeys.high(key), HashKeys.low(key)))
            .as("key %s", key)
            .isSameAs(byBigInteger);
        assertThat(byBigInteger.range().contains(key)).isTrue();
      }
    }
  }

  @Test
  void splitsAndJoinsHashKeysAndHashesPartitionKeysAsMd5() {
    Random random = new Random(3);
    for (int i = 0; i < 1000; i++) {
      BigInteger key = i == 0 ? MAX : new BigInteger(128, random);
      assertThat(HashKeys.of(HashKeys.high(key), HashKeys.low(key))).isEqualTo(key);
    }
    HashKeys.Hasher hasher = HashKeys.hasher();
    for (String partitionKey : List.of("a", "partition-key-7", "ü€𝄞", "x".repeat(256))) {
      hasher.hash(partitionKey.getBytes(StandardCharsets.UTF_8));
      assertThat(HashKeys.of(hasher.high(), hasher.low()))
          .isEqualTo(HashKeys.ofPartitionKey(partitionKey));
    }
  }

  /** Sorted distinct shard starts, the first 0: a layout a series of splits could leave. */
  private static List<BigInteger> randomStarts(Random random, int shards) {
    TreeSet<BigInteger> starts = new TreeSet<>();
    starts.add(BigInteger.ZERO);
    while (starts.size() < shards) {
      // Some starts on a 64-bit boundary or one off it, where the halves meet.
      BigInteger start =
          switch (random.nextInt(3)) {
            case 0 -> BigInteger.valueOf(random.nextInt(4)).shiftLeft(64);
            case 1 -> BigInteger.valueOf(random.nextInt(4)).shiftLeft(64).add(BigInteger.ONE);
            default -> new BigInteger(128, random);
          };
      starts.add(start);
    }
    return new ArrayList<>(starts);
  }

  private static StreamState stream(List<BigInteger> starts) {
    List<ShardState> shards = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      BigInteger end = i + 1 < starts.size() ? starts.get(i + 1).subtract(BigInteger.ONE) : MAX;
      shards.add(ShardState.open(i, new HashKeyRange(starts.get(i), end), 1L, 1000L));
    }
    return StreamState.creating("s", 1L, 1000L, StreamMode.PROVISIONED, 1024, null, shards, 1L);
  }
}
