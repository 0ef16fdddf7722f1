package io.kinesisonkafka.adapter.internals.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.internals.mapping.HashKeySpace;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link ReshardPlanner}: UpdateShardCount as phases of splits and merges. From any layout of open
 * shards and any target Kinesis accepts (half to double the open count), repeatedly taking the next
 * phase must end exactly at the uniform layout, after at most one split phase (the first) and a
 * logarithmic number of merge phases, with every action shaped like a Kinesis split or merge.
 *
 * <p>Run by jqwik only, examples included ({@code @Example}): surefire keeps one report per class
 * name, so a class run by two engines would lose one engine's results from its report.
 */
class ReshardPlannerTest {

  /** One step that shapes a starting layout: split the picked shard, or merge it with the next. */
  record Step(boolean split, int pick, long cut) {}

  @Provide
  Arbitrary<Step> steps() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.longs().between(0, 0xFFFF_FFFFL))
        .as(Step::new);
  }

  @Property(tries = 500)
  void reachesExactlyTheUniformLayoutFromAnyLayoutWithinKinesisBounds(
      @ForAll @IntRange(min = 1, max = 16) int initialShards,
      @ForAll @Size(max = 40) List<@From("steps") Step> steps,
      @ForAll @IntRange(min = 0, max = 1_000_000) int targetPick) {
    Layout layout = Layout.shaped(initialShards, steps);
    int current = layout.open.size();
    int target = withinKinesisBounds(current, targetPick);

    Plan plan = layout.planTo(target);

    assertThat(layout.sortedRanges()).isEqualTo(HashKeySpace.evenSplit(target));
    assertThat(plan.splitPhases).as("split phases").isLessThanOrEqualTo(1);
    assertThat(plan.mergePhases)
        .as("merge phases for at most %d pieces per target range", plan.maxPiecesPerTarget)
        .isLessThanOrEqualTo(ceilLog2(plan.maxPiecesPerTarget));
  }

  @Property(tries = 300)
  void fromAUniformLayoutNeedsAtMostOneSplitPhaseAndTwoMergePhases(
      @ForAll @IntRange(min = 1, max = 64) int current,
      @ForAll @IntRange(min = 0, max = 1_000_000) int targetPick) {
    Layout layout = Layout.shaped(current, List.of());
    int target = withinKinesisBounds(current, targetPick);

    Plan plan = layout.planTo(target);

    assertThat(layout.sortedRanges()).isEqualTo(HashKeySpace.evenSplit(target));
    assertThat(plan.splitPhases).as("split phases").isLessThanOrEqualTo(1);
    assertThat(plan.mergePhases).as("merge phases").isLessThanOrEqualTo(2);
    if (target == current) {
      assertThat(plan.phases).as("phases when the layout is already the target").isZero();
    }
  }

  @Example
  void doublingAPowerOfTwoSplitsEveryShardInTwoInOnePhase() {
    Layout layout = Layout.shaped(4, List.of());

    List<ReshardAction> phase = ReshardPlanner.nextPhase(layout.open, 8);

    assertThat(phase).hasSize(4);
    assertThat(phase).allSatisfy(a -> assertThat(a.parents()).hasSize(1));
    assertThat(phase).allSatisfy(a -> assertThat(a.childRanges()).hasSize(2));
    assertThat(layout.planTo(8).phases).isEqualTo(1);
    assertThat(layout.sortedRanges()).isEqualTo(HashKeySpace.evenSplit(8));
  }

  @Example
  void halvingMergesAdjacentPairsInOnePhase() {
    Layout layout = Layout.shaped(4, List.of());

    List<ReshardAction> phase = ReshardPlanner.nextPhase(layout.open, 2);

    assertThat(phase)
        .extracting(ReshardAction::parents)
        .containsExactly(List.of(0, 1), List.of(2, 3));
    assertThat(layout.planTo(2).phases).isEqualTo(1);
  }

  @Example
  void threeToTwoSplitsTheMiddleShardThenMergesEachHalfWithItsNeighbour() {
    Layout layout = Layout.shaped(3, List.of());

    Plan plan = layout.planTo(2);

    assertThat(plan.splitPhases).isEqualTo(1);
    assertThat(plan.mergePhases).isEqualTo(1);
    assertThat(layout.sortedRanges()).isEqualTo(HashKeySpace.evenSplit(2));
  }

  @Example
  void aUniformLayoutAtItsOwnCountNeedsNoPhase() {
    for (int n = 1; n <= 20; n++) {
      assertThat(ReshardPlanner.nextPhase(Layout.shaped(n, List.of()).open, n)).isEmpty();
    }
  }

  // Helpers

  /** A target in ceil(current/2) .. 2*current, picked by {@code pick}. */
  private static int withinKinesisBounds(int current, int pick) {
    int min = (current + 1) / 2;
    int max = 2 * current;
    return min + pick % (max - min + 1);
  }

  private static int ceilLog2(int n) {
    return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
  }

  /** What reaching a target took. */
  private static final class Plan {
    int phases;
    int splitPhases;
    int mergePhases;
    int maxPiecesPerTarget = 1;
  }

  /** The open shards of a stream, resharded the way the catalog would. */
  private static final class Layout {
    final List<ShardState> open = new ArrayList<>();
    int nextIndex;

    static Layout shaped(int initialShards, List<Step> steps) {
      Layout layout = new Layout();
      for (HashKeyRange range : HashKeySpace.evenSplit(initialShards)) {
        layout.open.add(ShardState.open(layout.nextIndex++, range, 1, 0));
      }
      for (Step step : steps) {
        layout.open.sort(Comparator.comparing(s -> s.range().startingHashKey()));
        int i = step.pick() % layout.open.size();
        HashKeyRange range = layout.open.get(i).range();
        if (step.split()) {
          BigInteger span = range.endingHashKey().subtract(range.startingHashKey());
          if (span.signum() == 0) {
            continue;
          }
          BigInteger key =
              range
                  .startingHashKey()
                  .add(BigInteger.ONE)
                  .add(
                      span.subtract(BigInteger.ONE)
                          .multiply(BigInteger.valueOf(step.cut()))
                          .divide(BigInteger.valueOf(0xFFFF_FFFFL)));
          layout.apply(
              new ReshardAction(List.of(layout.open.get(i).index()), List.of(range.splitAt(key))));
        } else if (layout.open.size() > 1) {
          int j = i == layout.open.size() - 1 ? i - 1 : i + 1;
          ShardState a = layout.open.get(Math.min(i, j));
          ShardState b = layout.open.get(Math.max(i, j));
          layout.apply(
              new ReshardAction(
                  List.of(a.index(), b.index()), List.of(a.range().union(b.range()))));
        }
      }
      return layout;
    }

    /**
     * Takes the planner's phases until it has none left, checking each as the catalog would accept
     * it; leaves the final layout in {@link #open}.
     */
    Plan planTo(int target) {
      Plan plan = new Plan();
      List<HashKeyRange> targets = HashKeySpace.evenSplit(target);
      while (true) {
        List<ReshardAction> phase = ReshardPlanner.nextPhase(List.copyOf(open), target);
        if (phase.isEmpty()) {
          return plan;
        }
        assertThat(plan.phases).as("phases taken").isLessThan(64);
        boolean splits = phase.get(0).parents().size() == 1;
        assertThat(phase)
            .as("a phase either splits or merges")
            .allSatisfy(a -> assertThat(a.parents().size() == 1).isEqualTo(splits));
        if (splits) {
          assertThat(plan.phases).as("splits come first, in one phase").isZero();
          plan.splitPhases++;
        } else {
          plan.mergePhases++;
        }
        if (!splits && plan.mergePhases == 1) {
          plan.maxPiecesPerTarget = maxPiecesPerTarget(targets);
        }
        Set<Integer> parents = new HashSet<>();
        for (ReshardAction action : phase) {
          checkShape(action);
          for (int p : action.parents()) {
            assertThat(parents.add(p)).as("shard %d in two actions of one phase", p).isTrue();
            assertThat(open).as("parent %d is open", p).anyMatch(s -> s.index() == p);
          }
        }
        phase.forEach(this::apply);
        plan.phases++;
        assertTilesTheHashKeySpace(sortedRanges());
      }
    }

    /** How many open shards lie inside the fullest target range. */
    private int maxPiecesPerTarget(List<HashKeyRange> targets) {
      int max = 1;
      for (HashKeyRange t : targets) {
        int pieces = 0;
        for (ShardState s : open) {
          if (t.contains(s.range().startingHashKey())) {
            assertThat(t.contains(s.range().endingHashKey()))
                .as("%s lies inside one target range", s.range())
                .isTrue();
            pieces++;
          }
        }
        max = Math.max(max, pieces);
      }
      return max;
    }

    private void checkShape(ReshardAction action) {
      HashKeyRange whole = null;
      for (int p : action.parents()) {
        HashKeyRange r = rangeOf(p);
        if (whole != null) {
          assertThat(whole.isAdjacentTo(r)).as("merged shards are adjacent").isTrue();
          whole = whole.union(r);
        } else {
          whole = r;
        }
      }
      if (action.parents().size() == 1) {
        assertThat(action.childRanges())
            .as("a split has at least two children")
            .hasSizeGreaterThan(1);
      } else {
        assertThat(action.parents()).as("a merge has two parents").hasSize(2);
        assertThat(action.childRanges()).as("a merge has one child").hasSize(1);
      }
      List<HashKeyRange> children = new ArrayList<>(action.childRanges());
      HashKeyRange covered = children.get(0);
      for (int i = 1; i < children.size(); i++) {
        assertThat(covered.endingHashKey().add(BigInteger.ONE))
            .as("children in order, contiguous")
            .isEqualTo(children.get(i).startingHashKey());
        covered = covered.union(children.get(i));
      }
      assertThat(covered).as("children cover exactly their parents").isEqualTo(whole);
    }

    private HashKeyRange rangeOf(int index) {
      return open.stream().filter(s -> s.index() == index).findFirst().orElseThrow().range();
    }

    void apply(ReshardAction action) {
      open.removeIf(s -> action.parents().contains(s.index()));
      for (HashKeyRange child : action.childRanges()) {
        open.add(ShardState.open(nextIndex++, child, 1, 0));
      }
    }

    List<HashKeyRange> sortedRanges() {
      return open.stream()
          .map(ShardState::range)
          .sorted(Comparator.comparing(HashKeyRange::startingHashKey))
          .toList();
    }
  }

  static void assertTilesTheHashKeySpace(List<HashKeyRange> sorted) {
    assertThat(sorted).isNotEmpty();
    assertThat(sorted.get(0).startingHashKey()).as("first start").isZero();
    assertThat(sorted.get(sorted.size() - 1).endingHashKey())
        .as("last end")
        .isEqualTo(HashKeySpace.MAX);
    for (int i = 1; i < sorted.size(); i++) {
      assertThat(sorted.get(i - 1).endingHashKey().add(BigInteger.ONE))
          .as("no gap or overlap between %s and %s", sorted.get(i - 1), sorted.get(i))
          .isEqualTo(sorted.get(i).startingHashKey());
    }
  }
}
