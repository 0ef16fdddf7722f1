package io.kinesisonkafka.adapter.internals.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.model.HashKeyRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of resharding with {@link HashKeyRange}, run by jqwik; examples are in {@link
 * HashKeyRangeTest}.
 *
 * <p>Kept apart from the JUnit Jupiter examples: surefire writes one report per class name, so a
 * class run by both engines loses one engine's results from its XML report.
 */
class HashKeyRangePropertiesTest {

  private static final BigInteger MAX = HashKeySpace.MAX;

  /** One resharding step: split the range {@code pick} selects, or merge it with its successor. */
  record Step(boolean split, int pick, long cut) {}

  @Provide
  Arbitrary<Step> steps() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.longs().between(0, 0xFFFF_FFFFL))
        .as(Step::new);
  }

  @Property(tries = 300)
  void splitsAndMergesKeepTheHashKeySpaceCoveredExactly(
      @ForAll @IntRange(min = 1, max = 8) int initialShards,
      @ForAll @Size(max = 200) List<@From("steps") Step> steps) {
    List<HashKeyRange> open = new ArrayList<>(HashKeySpace.evenSplit(initialShards));
    for (Step step : steps) {
      open.sort(Comparator.comparing(HashKeyRange::startingHashKey));
      int index = step.pick() % open.size();
      HashKeyRange chosen = open.get(index);
      if (step.split()) {
        BigInteger span = chosen.endingHashKey().subtract(chosen.startingHashKey());
        if (span.signum() == 0) {
          continue;
        }
        // A key in [start+1, end]: the edge cases of cut, 0 and 2^32-1, reach both ends.
        BigInteger key =
            chosen
                .startingHashKey()
                .add(BigInteger.ONE)
                .add(
                    span.subtract(BigInteger.ONE)
                        .multiply(BigInteger.valueOf(step.cut()))
                        .divide(BigInteger.valueOf(0xFFFF_FFFFL)));
        HashKeyRange[] children = chosen.splitAt(key);
        open.remove(index);
        open.add(children[0]);
        open.add(children[1]);
      } else if (open.size() > 1) {
        HashKeyRange neighbour = open.get((index + 1) % open.size());
        if (!chosen.isAdjacentTo(neighbour)) {
          assertThat(neighbour.startingHashKey()).isZero(); // only the wrap-around pair is not
          continue;
        }
        // Merge in either order: union must not care.
        HashKeyRange merged =
            step.cut() % 2 == 0 ? chosen.union(neighbour) : neighbour.union(chosen);
        open.remove(chosen);
        open.remove(neighbour);
        open.add(merged);
      }
    }
    assertCoversTheSpaceExactly(open);
  }

  private static void assertCoversTheSpaceExactly(List<HashKeyRange> ranges) {
    List<HashKeyRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparing(HashKeyRange::startingHashKey));
    assertThat(sorted.get(0).startingHashKey()).isZero();
    assertThat(sorted.get(sorted.size() - 1).endingHashKey()).isEqualTo(MAX);
    for (int i = 1; i < sorted.size(); i++) {
      assertThat(sorted.get(i - 1).isAdjacentTo(sorted.get(i)))
          .as("%s then %s", sorted.get(i - 1), sorted.get(i))
          .isTrue();
      assertThat(sorted.get(i - 1).endingHashKey().add(BigInteger.ONE))
          .isEqualTo(sorted.get(i).startingHashKey());
    }
  }
}
