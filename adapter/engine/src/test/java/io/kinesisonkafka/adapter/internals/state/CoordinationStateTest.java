package io.kinesisonkafka.adapter.internals.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.internals.state.CoordinationRecord.Claim;
import io.kinesisonkafka.adapter.internals.state.CoordinationRecord.Heartbeat;
import io.kinesisonkafka.adapter.internals.state.CoordinationRecord.Release;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Claims and shares are decided from the log alone, the same way wherever it is applied. */
class CoordinationStateTest {
  private static final long EXPIRY = 10_000;

  @Test
  void aSecondClaimWithinFiveSecondsIsRefusedAndALaterOneTakesOver() {
    CoordinationState s = new CoordinationState(EXPIRY);
    assertThat(s.apply(new Claim("c|0", "a", "1"), 1_000).won()).isTrue();
    assertThat(s.apply(new Claim("c|0", "b", "2"), 5_999).won()).isFalse();
    assertThat(s.apply(new Claim("c|1", "b", "3"), 5_999).won()).as("another shard").isTrue();
    CoordinationState.Decision later = s.apply(new Claim("c|0", "b", "4"), 6_000);
    assertThat(later.won()).isTrue();
    assertThat(later.holder().instance()).isEqualTo("b");
  }

  @Test
  void aReleasedKeyIsFreeAtOnceButOnlyForItsOwnClaim() {
    CoordinationState s = new CoordinationState(EXPIRY);
    s.apply(new Claim("k", "a", "1"), 0);
    s.apply(new Release("k", "stale"), 100);
    assertThat(s.apply(new Claim("k", "b", "2"), 200).won()).isFalse();
    s.apply(new Release("k", "1"), 300);
    assertThat(s.apply(new Claim("k", "b", "3"), 400).won()).isTrue();
  }

  @Test
  void sharesCountLiveInstancesUsingTheSameLimit() {
    CoordinationState s = new CoordinationState(EXPIRY);
    s.apply(new Heartbeat("a", List.of("r:s/1/0", "w:s/1/0"), false), 0);
    s.apply(new Heartbeat("b", List.of("r:s/1/0"), false), 0);
    s.apply(new Heartbeat("c", List.of("r:s/1/0", "r:s/1/1"), false), 0);
    assertThat(s.liveInstances()).isEqualTo(3);
    assertThat(s.usersOtherThan("a")).containsEntry("r:s/1/0", 2).containsEntry("r:s/1/1", 1);
    assertThat(s.usersOtherThan("a")).doesNotContainKey("w:s/1/0");

    s.apply(new Heartbeat("b", List.of(), true), 1_000);
    assertThat(s.usersOtherThan("a")).containsEntry("r:s/1/0", 1);
    s.apply(new Heartbeat("a", List.of("r:s/1/0"), false), EXPIRY + 1);
    assertThat(s.liveInstances()).as("c expired").isEqualTo(1);
    assertThat(s.usersOtherThan("a")).isEmpty();
  }

  /** Whatever the log, winning claims for one key are 5 s apart unless the holder released. */
  @Property(tries = 300)
  void atMostOneHolderPerKeyInAnyFiveSeconds(@ForAll("logs") List<Step> log) {
    CoordinationState s = new CoordinationState(EXPIRY);
    Map<String, long[]> lastWin = new HashMap<>();
    Map<String, String> holderId = new HashMap<>();
    Map<String, Boolean> released = new HashMap<>();
    long t = 0;
    int n = 0;
    for (Step step : log) {
      t += step.advanceMillis();
      String id = "claim-" + n++;
      if (step.release()) {
        String held = holderId.get(step.key());
        String releasing = held != null && step.ownClaim() ? held : "other";
        s.apply(new Release(step.key(), releasing), t);
        if (releasing.equals(held)) {
          released.put(step.key(), true);
        }
        continue;
      }
      boolean won = s.apply(new Claim(step.key(), "i" + (n % 3), id), t).won();
      long[] previous = lastWin.get(step.key());
      boolean free =
          previous == null
              || released.getOrDefault(step.key(), false)
              || t - previous[0] >= CoordinationState.TAKEOVER_AFTER_MILLIS;
      assertThat(won).as("claim at %d on %s", t, step.key()).isEqualTo(free);
      if (won) {
        lastWin.put(step.key(), new long[] {t});
        holderId.put(step.key(), id);
        released.put(step.key(), false);
      }
      if (step.prune()) {
        s.prune();
      }
    }
  }

  /** Pruning forgets only what no later decision depends on. */
  @Property(tries = 200)
  void pruningNeverChangesADecision(@ForAll("logs") List<Step> log) {
    CoordinationState pruned = new CoordinationState(EXPIRY);
    CoordinationState kept = new CoordinationState(EXPIRY);
    List<Boolean> a = new ArrayList<>();
    List<Boolean> b = new ArrayList<>();
    long t = 0;
    int n = 0;
    for (Step step : log) {
      t += step.advanceMillis();
      CoordinationRecord r =
          step.release()
              ? new Release(step.key(), "claim-" + (n - 1))
              : new Claim(step.key(), "i", "claim-" + n);
      n++;
      a.add(pruned.apply(r, t).won());
      b.add(kept.apply(r, t).won());
      if (step.prune()) {
        pruned.prune();
      }
    }
    assertThat(a).isEqualTo(b);
  }

  record Step(String key, long advanceMillis, boolean release, boolean ownClaim, boolean prune) {}

  @Provide
  Arbitrary<List<Step>> logs() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.of("c|0", "c|1"),
                Arbitraries.longs().between(0, 3_000),
                Arbitraries.integers().between(0, 4).map(i -> i == 0),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(60);
  }
}
