package io.kinesisonkafka.adapter.catalog;

import static io.kinesisonkafka.adapter.catalog.ReshardSafeWrites.Decision.CONFIRMED;
import static io.kinesisonkafka.adapter.catalog.ReshardSafeWrites.Decision.HOLD;
import static io.kinesisonkafka.adapter.catalog.ReshardSafeWrites.Decision.PLACE_AGAIN;
import static io.kinesisonkafka.adapter.catalog.ReshardSafeWrites.Decision.SEND;
import static io.kinesisonkafka.adapter.catalog.ReshardSafeWrites.Decision.STREAM_GONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.internals.state.CatalogApplier;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand;
import io.kinesisonkafka.adapter.internals.state.CatalogState;
import io.kinesisonkafka.adapter.internals.state.ReshardAction;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import io.kinesisonkafka.adapter.model.StreamMode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The bounds of {@link ReshardSafeWrites} on a fake clock and a catalog driven by hand (real
 * commands through the real applier, no Kafka): each bound is probed on both sides of its edge, to
 * the nanosecond. The clock starts just below {@code Long.MAX_VALUE} and wraps during every test,
 * as {@link System#nanoTime()} may: only differences of times are meaningful.
 */
class ReshardSafeWritesTest {
  private static final Duration FRESHNESS = Duration.ofMillis(300);
  private static final Duration FAST_ACK = Duration.ofMillis(700);
  private static final long F = FRESHNESS.toNanos();
  private static final long A = FAST_ACK.toNanos();
  private static final long SECOND = 1_000_000_000L;
  private static final String STREAM = "orders";
  private static final BigInteger MIDDLE = BigInteger.ONE.shiftLeft(127);

  private final FakeCatalog catalog = new FakeCatalog();
  private long now = Long.MAX_VALUE - 500_000_000L;
  private final ReshardSafeWrites writes =
      new ReshardSafeWrites(catalog, FRESHNESS, FAST_ACK, () -> now);

  /** A record with a hash key in the lower half of the key space. */
  private static final class Write extends ShardWrite {
    Write(long incarnation) {
      super(STREAM, incarnation, 0, 5);
    }
  }

  private Write write() {
    return new Write(ShardWrite.ANY_INCARNATION);
  }

  @Test
  void routesWithAViewExactlyAsOldAsTheFreshnessBound() {
    catalog.createActive(1);
    catalog.freshAsOf(now - F);

    Write w = write();
    assertThat(writes.route(w)).isEqualTo(SEND);
    assertThat(w.shard().index()).isZero();
    assertThat(w.view().topic()).isEqualTo("t." + STREAM);
    assertThat(w.routedNanos()).isEqualTo(now);
  }

  @Test
  void holdsRecordsWhileTheViewIsANanosecondStalerThanTheBoundUntilItIsFreshAgain() {
    catalog.createActive(1);
    catalog.freshAsOf(now - F - 1);

    Write w = write();
    assertThat(writes.route(w)).isEqualTo(HOLD);
    CompletableFuture<Void> held = w.heldUntil();
    assertThat(held).isNotDone();
    catalog.freshAsOf(now - F - 1); // read again, no newer
    assertThat(held).isNotDone();
    catalog.freshAsOf(now - F);
    assertThat(held).isCompleted();
    assertThat(writes.route(w)).isEqualTo(SEND);
  }

  @Test
  void confirmsAnAcknowledgementAtTheFastAckBoundOfTheRoutingDecision() {
    catalog.createActive(1);
    catalog.freshAsOf(now - F);
    Write w = write();
    assertThat(writes.route(w)).isEqualTo(SEND);

    now += A; // the view is now exactly freshness + fast-ack old: too old to decide by itself
    assertThat(writes.acked(w, 3, 1234)).isEqualTo(CONFIRMED);
    assertThat(w.shard().index()).isZero();
    assertThat(w.offset()).isEqualTo(3);
    assertThat(w.timestampMillis()).isEqualTo(1234);
  }

  @Test
  void checksAnAcknowledgementANanosecondPastTheFastAckBound() {
    catalog.createActive(1);
    catalog.freshAsOf(now - F);
    Write w = write();
    assertThat(writes.route(w)).isEqualTo(SEND);

    now += A + 1;
    assertThat(writes.acked(w, 3, 1234)).isEqualTo(HOLD);
    assertThat(w.heldUntil()).isNotDone();
    assertThat(writes.check(w)).as("view not yet fresh as of the ack").isEqualTo(HOLD);
    catalog.freshAsOf(now - 1);
    assertThat(w.heldUntil()).isNotDone();
    catalog.freshAsOf(now);
    assertThat(w.heldUntil()).isCompleted();
    assertThat(writes.check(w)).isEqualTo(CONFIRMED);
  }

  @Test
  void confirmsASlowAcknowledgementByAViewJustUnderFreshnessPlusFastAckOld() {
    catalog.createActive(1);
    catalog.freshAsOf(now);
    Write w = write();
    assertThat(writes.route(w)).isEqualTo(SEND);

    now += 5 * SECOND; // far past the fast-ack bound
    catalog.freshAsOf(now - (F + A) + 1);
    assertThat(writes.acked(w, 3, 1234)).isEqualTo(CONFIRMED);
  }

  @Test
  void checksASlowAcknowledgementWhenTheNewestViewIsFreshnessPlusFastAckOld() {
    catalog.createActive(1);
    catalog.freshAsOf(now);
    Write w = write();
    assertThat(writes.route(w)).isEqualTo(SEND);

    now += 5 * SECOND;
    catalog.freshAsOf(now - (F + A));
    assertThat(writes.acked(w, 3, 1234)).isEqualTo(HOLD);
  }

  @Test
  void aRecentViewThatShowsTheShardFrozenConfirmsNothing() {
    catalog.createActive(1);
    catalog.freshAsOf(now);
    Write w = write();
    assertThat(writes.route(w)).isEqualTo(SEND);

    catalog.splitShardZero();
    now += 5 * SECOND;
    catalog.freshAsOf(now - 1);
    assertThat(writes.acked(w, 3, 1234)).isEqualTo(HOLD);
  }

  @Test
  void aRecentViewOfAnotherIncarnationConfirmsNothing() {
    catalog.createActive(1);
    catalog.freshAsOf(now);
    Write w = write();
    assertThat(writes.route(w)).isEqualTo(SEND);

    catalog.recreate(1);
    now += 5 * SECOND;
    catalog.freshAsOf(now - 1);
    assertThat(writes.acked(w, 3, 1234)).isEqualTo(HOLD);
    catalog.freshAsOf(now);
    assertThat(writes.check(w)).isEqualTo(STREAM_GONE);
  }

  @Test
  void holdsRecordsOfAFrozenShardUntilTheCatalogChangesThenRoutesToTheChild() {
    catalog.createActive(1);
    catalog.splitShardZero();
    catalog.freshAsOf(now);

    Write w = write();
    assertThat(writes.route(w)).isEqualTo(HOLD);
    assertThat(w.shard().isFrozen()).isTrue();
    assertThat(w.heldUntil()).isNotDone();
    catalog.completeReshard(0L);
    assertThat(w.heldUntil()).isCompleted();

    assertThat(writes.route(w)).isEqualTo(SEND);
    assertThat(w.shard().index()).isEqualTo(1);
    assertThat(w.shard().parents()).containsExactly(0);
  }

  @Test
  void aSlowAcknowledgementFromAShardFrozenSinceWaitsForItsEndAndIsPlacedAgainWhenPastIt() {
    catalog.createActive(1);
    catalog.freshAsOf(now);
    Write before = write();
    Write past = write();
    assertThat(writes.route(before)).isEqualTo(SEND);
    assertThat(writes.route(past)).isEqualTo(SEND);

    catalog.splitShardZero();
    now += 5 * SECOND;
    assertThat(writes.acked(before, 6, 1)).isEqualTo(HOLD);
    assertThat(writes.acked(past, 7, 1)).isEqualTo(HOLD);
    catalog.freshAsOf(now);
    assertThat(writes.check(before)).isEqualTo(HOLD);
    assertThat(writes.check(past)).isEqualTo(HOLD);
    assertThat(past.heldUntil()).isNotDone();

    catalog.completeReshard(7L);
    assertThat(before.heldUntil()).isCompleted();
    assertThat(past.heldUntil()).isCompleted();
    assertThat(writes.check(before)).isEqualTo(CONFIRMED);
    assertThat(before.shard().isClosed()).isTrue();
    assertThat(writes.check(past)).isEqualTo(PLACE_AGAIN);
    assertThat(past.isAcknowledged()).isFalse();

    assertThat(writes.route(past)).isEqualTo(SEND);
    assertThat(past.shard().index()).isEqualTo(1);
  }

  @Test
  void aSlowAcknowledgementBeforeTheEndOfAShardClosedMeanwhileIsConfirmed() {
    catalog.createActive(1);
    catalog.freshAsOf(now);
    Write w = write();
    assertThat(writes.route(w)).isEqualTo(SEND);

    catalog.splitShardZero();
    catalog.completeReshard(10L);
    now += 5 * SECOND;
    catalog.freshAsOf(now);
    assertThat(writes.acked(w, 9, 1)).isEqualTo(HOLD);
    assertThat(writes.check(w)).isEqualTo(CONFIRMED);
    assertThat(w.shard().index()).isZero();
  }

  @Test
  void aRecordForAnotherIncarnationOrAMissingStreamIsRefused() {
    catalog.createActive(1);
    catalog.freshAsOf(now);
    long incarnation = catalog.state().incarnation();

    assertThat(writes.route(new Write(incarnation))).isEqualTo(SEND);
    assertThat(writes.route(new Write(incarnation + 1))).isEqualTo(STREAM_GONE);
    catalog.views.remove(STREAM);
    assertThat(writes.route(new Write(ShardWrite.ANY_INCARNATION))).isEqualTo(STREAM_GONE);
  }

  @Test
  void aHoldForAFrozenShardEndsAtOnceWhenTheCatalogChangedWhileItWasDecided() {
    catalog.createActive(1);
    catalog.splitShardZero();
    catalog.freshAsOf(now);
    catalog.completeOnNextChangeRequest = true;

    Write w = write();
    assertThat(writes.route(w)).isEqualTo(HOLD);
    assertThat(w.heldUntil()).as("the change came before the wait began").isCompleted();
    assertThat(writes.route(w)).isEqualTo(SEND);
  }

  /** A catalog applied by hand, fresh as of what the test says. */
  private static final class FakeCatalog implements ReshardSafeWrites.CatalogFeed {
    private final CatalogApplier applier = new CatalogApplier("000000000000", "us-east-1");
    private CatalogState state = CatalogState.empty();
    private long offset;
    private long millis = 1_700_000_000_000L;
    private long freshAsOf;
    private final Map<Long, List<CompletableFuture<Void>>> freshWaiters = new HashMap<>();
    private CompletableFuture<Void> change = new CompletableFuture<>();
    final Map<String, StreamView> views = new HashMap<>();

    /** Applies the reshard's completion just before a writer asks for the next change. */
    boolean completeOnNextChangeRequest;

    void createActive(int shards) {
      apply(
          new CatalogCommand.CreateStream(
              STREAM, shards, StreamMode.PROVISIONED, 1024, Map.of(), 5, 10_000));
      apply(new CatalogCommand.StreamReady(STREAM, state().incarnation()));
    }

    void recreate(int shards) {
      apply(new CatalogCommand.DeleteStream(STREAM, state().incarnation(), true));
      apply(new CatalogCommand.StreamDeleted(STREAM, state().incarnation()));
      millis += 5_000; // a new creation second: a new incarnation
      createActive(shards);
    }

    void splitShardZero() {
      StreamState s = state();
      HashKeyRange[] halves = s.shard(0).range().splitAt(MIDDLE);
      apply(
          new CatalogCommand.BeginReshard(
              STREAM,
              s.incarnation(),
              s.version(),
              List.of(new ReshardAction(List.of(0), List.of(halves))),
              null,
              10_000,
              10));
    }

    void completeReshard(long endOffsetOfShardZero) {
      StreamState s = state();
      apply(
          new CatalogCommand.CompleteReshard(
              STREAM, s.incarnation(), s.version(), Map.of(0, endOffsetOfShardZero)));
    }

    StreamState state() {
      return state.stream(STREAM);
    }

    void freshAsOf(long nanos) {
      freshAsOf = nanos;
      List<Long> ready = new ArrayList<>();
      freshWaiters.keySet().stream().filter(n -> nanos - n >= 0).forEach(ready::add);
      for (Long n : ready) {
        freshWaiters.remove(n).forEach(f -> f.complete(null));
      }
    }

    private void apply(CatalogCommand command) {
      millis += 10;
      CatalogApplier.Result result = applier.apply(state, command, offset++, millis);
      assertThat(result.outcome().accepted()).as("%s accepted", command).isTrue();
      state = result.state();
      StreamState s = state.stream(STREAM);
      if (s == null) {
        views.remove(STREAM);
      } else {
        views.put(STREAM, new StreamView(s, "t." + STREAM));
      }
      CompletableFuture<Void> changed = change;
      change = new CompletableFuture<>();
      changed.complete(null);
    }

    @Override
    public long freshAsOfNanos() {
      return freshAsOf;
    }

    @Override
    public StreamView view(String stream) {
      return views.get(stream);
    }

    @Override
    public CompletableFuture<Void> whenFreshAsOf(long nanoTime) {
      if (freshAsOf - nanoTime >= 0) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> f = new CompletableFuture<>();
      freshWaiters.computeIfAbsent(nanoTime, n -> new ArrayList<>()).add(f);
      return f;
    }

    @Override
    public CompletableFuture<Void> nextChange() {
      if (completeOnNextChangeRequest) {
        // The change lands after the writer read its view and before it asks for the next one.
        completeOnNextChangeRequest = false;
        completeReshard(0L);
      }
      return change.copy();
    }
  }
}
