package io.kinesisonkafka.adapter.internals.state;

import static io.kinesisonkafka.adapter.internals.state.ReshardPlannerTest.assertTilesTheHashKeySpace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.internals.mapping.HashKeySpace;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.BeginReshard;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.CompleteReshard;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.CreateStream;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.StreamReady;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.StreamUpdate;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.UpdateStream;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import io.kinesisonkafka.adapter.model.StreamMode;
import io.kinesisonkafka.adapter.model.StreamStatus;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * {@link CatalogApplier} applying reshards: whatever sequence of splits and merges of adjacent open
 * shards the catalog accepts, the open shards tile the hash key space, children are born in a later
 * second than their parents, conditional commands lose the same way everywhere and leave the state
 * untouched, and the same log applied twice gives the same state.
 *
 * <p>Run by jqwik only, examples included ({@code @Example}): surefire keeps one report per class
 * name, so a class run by two engines would lose one engine's results from its report.
 */
class CatalogApplierTest {
  private static final String STREAM = "orders";
  private static final long T0 = 1_700_000_000_000L;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * One reshard: split the picked open shard at a point set by {@code cut}, or merge it with its
   * neighbour (naming the pair in either order), {@code advance} ms after the previous command;
   * {@code probe} also sends commands that must lose.
   */
  record Step(boolean split, int pick, long cut, boolean swap, int advance, boolean probe) {}

  @Provide
  Arbitrary<Step> steps() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.longs().between(0, 0xFFFF_FFFFL),
            Arbitraries.of(true, false),
            Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1, 3000)),
            Arbitraries.of(true, false))
        .as(Step::new);
  }

  @Property(tries = 300)
  void acceptedSplitsAndMergesKeepTheOpenShardsTilingTheHashKeySpaceWithLaterChildEpochs(
      @ForAll @IntRange(min = 1, max = 8) int initialShards,
      @ForAll @Size(max = 60) List<@From("steps") Step> steps) {
    Log log = Log.withActiveStream(initialShards);
    for (Step step : steps) {
      reshard(log, step);
      StreamState s = log.stream();
      assertThat(s.status()).isEqualTo(StreamStatus.ACTIVE);
      assertThat(s.pending()).isNull();
      assertTilesTheHashKeySpace(openRanges(s));
      assertLineageAndEpochs(s);
    }
  }

  @Property(tries = 100)
  void theSameCommandLogAppliedTwiceFromEmptyGivesTheSameStateAndDecisions(
      @ForAll @IntRange(min = 1, max = 8) int initialShards,
      @ForAll @Size(max = 40) List<@From("steps") Step> steps) {
    Log log = Log.withActiveStream(initialShards);
    steps.forEach(step -> reshard(log, step));

    // As every instance does: commands read back from their JSON in the catalog topic.
    Log first = log.replayed();
    Log second = log.replayed();

    assertThat(first.state).isEqualTo(log.state);
    assertThat(second.state).isEqualTo(first.state);
    assertThat(first.outcomes()).isEqualTo(log.outcomes());
    assertThat(second.outcomes()).isEqualTo(first.outcomes());
  }

  @Property(tries = 100)
  void updateShardCountGoesPhaseByPhaseThroughTheCatalogToTheUniformLayout(
      @ForAll @IntRange(min = 1, max = 16) int initialShards,
      @ForAll @Size(max = 10) List<@From("steps") Step> steps,
      @ForAll @IntRange(min = 0, max = 1_000_000) int targetPick) {
    Log log = Log.withActiveStream(initialShards);
    steps.forEach(step -> reshard(log, step));
    int current = log.stream().openShardCount();
    int target = (current + 1) / 2 + targetPick % (2 * current - (current + 1) / 2 + 1);
    List<ReshardAction> phase =
        ReshardPlanner.nextPhase(log.stream().openShards().toList(), target);
    int scalingsBefore = log.stream().scalingHistory().size();

    int phases = 0;
    while (!phase.isEmpty()) {
      assertThat(phases++).as("phases").isLessThan(20);
      StreamState s = log.stream();
      assertThat(
              log.append(
                      new BeginReshard(
                          STREAM, s.incarnation(), s.version(), phase, target, 10_000, 10),
                      10)
                  .accepted())
          .as("phase %d begins", phases)
          .isTrue();
      complete(log, 10);
      assertTilesTheHashKeySpace(openRanges(log.stream()));
      assertLineageAndEpochs(log.stream());
      phase = ReshardPlanner.nextPhase(log.stream().openShards().toList(), target);
      if (!phase.isEmpty()) {
        assertThat(log.stream().status()).as("between phases").isEqualTo(StreamStatus.UPDATING);
        assertThat(log.stream().scalingTarget()).isEqualTo(target);
      }
    }

    StreamState done = log.stream();
    assertThat(openRanges(done)).isEqualTo(HashKeySpace.evenSplit(target));
    assertThat(done.status()).isEqualTo(StreamStatus.ACTIVE);
    assertThat(done.scalingTarget()).isNull();
    assertThat(done.scalingHistory())
        .as("one UpdateShardCount, however many phases")
        .hasSize(scalingsBefore + (phases > 0 ? 1 : 0));
  }

  @Example
  void aBeginReshardBasedOnAStaleVersionIsRejectedWithResourceInUseAndChangesNothing() {
    Log log = Log.withActiveStream(2);
    long stale = log.stream().version();
    log.append(
        new UpdateStream(
            STREAM, log.stream().incarnation(), new StreamUpdate.AddTags(Map.of("k", "v"))),
        5);
    CatalogState before = log.state;

    Outcome outcome = log.append(split(log.stream(), 0, stale), 5);

    assertThat(outcome.error()).isEqualTo(KinesisErrorCode.RESOURCE_IN_USE);
    assertUnchangedBut(before, log.state);
  }

  @Example
  void ofTwoReshardsBasedOnTheSameVersionOnlyTheFirstInTheLogWins() {
    Log log = Log.withActiveStream(2);
    StreamState s = log.stream();
    BeginReshard splitFirst = split(s, 0, s.version());
    BeginReshard mergeBoth = merge(s, 0, 1, s.version());

    assertThat(log.append(splitFirst, 5).accepted()).isTrue();
    CatalogState afterWinner = log.state;
    Outcome loser = log.append(mergeBoth, 5);

    assertThat(loser.error()).isEqualTo(KinesisErrorCode.RESOURCE_IN_USE);
    assertUnchangedBut(afterWinner, log.state);
    assertThat(log.stream().pending().actions()).isEqualTo(splitFirst.actions());
  }

  @Example
  void aBeginReshardWhileAnotherIsPendingIsRejectedEvenWithTheCurrentVersion() {
    Log log = Log.withActiveStream(2);
    log.append(split(log.stream(), 0, log.stream().version()), 5);
    CatalogState pending = log.state;

    Outcome outcome = log.append(split(log.stream(), 1, log.stream().version()), 5);

    assertThat(outcome.error()).isEqualTo(KinesisErrorCode.RESOURCE_IN_USE);
    assertUnchangedBut(pending, log.state);
  }

  @Example
  void aCompleteReshardBasedOnAStaleVersionOrMissingAParentsEndIsRejectedAndChangesNothing() {
    Log log = Log.withActiveStream(2);
    StreamState s = log.stream();
    log.append(merge(s, 0, 1, s.version()), 5);
    StreamState frozen = log.stream();
    CatalogState before = log.state;

    Outcome stale =
        log.append(
            new CompleteReshard(STREAM, frozen.incarnation(), s.version(), Map.of(0, 3L, 1, 4L)),
            5);
    Outcome partial =
        log.append(
            new CompleteReshard(STREAM, frozen.incarnation(), frozen.version(), Map.of(0, 3L)), 5);

    assertThat(stale.error()).isEqualTo(KinesisErrorCode.RESOURCE_IN_USE);
    assertThat(partial.error()).isEqualTo(KinesisErrorCode.RESOURCE_IN_USE);
    assertUnchangedBut(before, log.state);
  }

  @Example
  void aSecondCompleteReshardOfTheSameReshardIsRejected() {
    Log log = Log.withActiveStream(1);
    log.append(split(log.stream(), 0, log.stream().version()), 5);
    CompleteReshard complete =
        new CompleteReshard(
            STREAM, log.stream().incarnation(), log.stream().version(), Map.of(0, 7L));

    assertThat(log.append(complete, 5).accepted()).isTrue();
    CatalogState closed = log.state;
    Outcome again = log.append(complete, 5);

    assertThat(again.error()).isEqualTo(KinesisErrorCode.RESOURCE_IN_USE);
    assertUnchangedBut(closed, log.state);
    assertThat(log.stream().shard(0).endOffset()).isEqualTo(7L);
  }

  @Example
  void aMergeOfShardsThatAreNotAdjacentIsRejectedWithInvalidArgument() {
    Log log = Log.withActiveStream(3);
    StreamState s = log.stream();
    CatalogState before = log.state;
    HashKeyRange whole = new HashKeyRange(BigInteger.ZERO, HashKeySpace.MAX);

    Outcome outcome =
        log.append(
            new BeginReshard(
                STREAM,
                s.incarnation(),
                s.version(),
                List.of(new ReshardAction(List.of(0, 2), List.of(whole))),
                null,
                10_000,
                10),
            5);

    assertThat(outcome.error()).isEqualTo(KinesisErrorCode.INVALID_ARGUMENT);
    assertUnchangedBut(before, log.state);
  }

  @Example
  void aSplitWhoseChildrenDoNotCoverTheParentExactlyIsRejectedWithInvalidArgument() {
    Log log = Log.withActiveStream(1);
    StreamState s = log.stream();
    CatalogState before = log.state;
    BigInteger half = BigInteger.ONE.shiftLeft(127);
    List<List<HashKeyRange>> wrong =
        List.of(
            List.of(new HashKeyRange(BigInteger.ZERO, half)), // short of the end
            List.of(
                new HashKeyRange(BigInteger.ZERO, half),
                new HashKeyRange(half, HashKeySpace.MAX)), // overlap
            List.of(
                new HashKeyRange(BigInteger.ZERO, half.subtract(BigInteger.TWO)),
                new HashKeyRange(half, HashKeySpace.MAX))); // gap

    for (List<HashKeyRange> children : wrong) {
      Outcome outcome =
          log.append(
              new BeginReshard(
                  STREAM,
                  s.incarnation(),
                  s.version(),
                  List.of(new ReshardAction(List.of(0), children)),
                  null,
                  10_000,
                  10),
              5);
      assertThat(outcome.error())
          .as("children %s", children)
          .isEqualTo(KinesisErrorCode.INVALID_ARGUMENT);
    }
    assertUnchangedBut(before, log.state);
  }

  @Example
  void childrenOfReshardsWithinTheSameSecondStillGetLaterEpochsThanTheirParents() {
    Log log = Log.withActiveStream(1);
    for (int i = 0; i < 5; i++) {
      reshard(log, new Step(true, 0, 0x8000_0000L, false, 0, false));
    }
    StreamState s = log.stream();

    assertLineageAndEpochs(s);
    assertThat(s.shards().get(s.shards().size() - 1).epochSeconds())
        .isGreaterThanOrEqualTo(s.incarnation() + 5);
  }

  // Reshards the way the engine does them

  /** Applies one split or merge; with {@code probe}, first sends commands that must lose. */
  private static void reshard(Log log, Step step) {
    StreamState s = log.stream();
    List<ShardState> open = sortedOpen(s);
    BeginReshard begin;
    if (step.split()) {
      ShardState shard = open.get(step.pick() % open.size());
      HashKeyRange range = shard.range();
      BigInteger span = range.endingHashKey().subtract(range.startingHashKey());
      if (span.signum() == 0) {
        return;
      }
      BigInteger key =
          range
              .startingHashKey()
              .add(BigInteger.ONE)
              .add(
                  span.subtract(BigInteger.ONE)
                      .multiply(BigInteger.valueOf(step.cut()))
                      .divide(BigInteger.valueOf(0xFFFF_FFFFL)));
      begin =
          new BeginReshard(
              STREAM,
              s.incarnation(),
              s.version(),
              List.of(new ReshardAction(List.of(shard.index()), List.of(range.splitAt(key)))),
              null,
              10_000,
              10);
    } else {
      if (open.size() < 2) {
        return;
      }
      int i = step.pick() % (open.size() - 1);
      int a = open.get(i).index();
      int b = open.get(i + 1).index();
      begin = step.swap() ? merge(s, b, a, s.version()) : merge(s, a, b, s.version());
    }

    if (step.probe()) {
      probeRejected(log, withVersion(begin, s.version() - 1), KinesisErrorCode.RESOURCE_IN_USE);
    }
    assertThat(log.append(begin, step.advance()).accepted()).as("begin %s", begin).isTrue();
    checkPending(s, log.stream(), begin, log.now);
    if (step.probe()) {
      // Another reshard, even naming the stream's current version, must wait for this one.
      probeRejected(
          log, withVersion(begin, log.stream().version()), KinesisErrorCode.RESOURCE_IN_USE);
    }
    complete(log, step.advance());
    if (step.probe()) {
      // The same reshard completed twice, or a begin from before it: both lose.
      Map<Integer, Long> ends = new HashMap<>();
      begin.actions().forEach(a -> a.parents().forEach(p -> ends.put(p, 0L)));
      probeRejected(
          log,
          new CompleteReshard(STREAM, s.incarnation(), log.stream().version(), ends),
          KinesisErrorCode.RESOURCE_IN_USE);
      probeRejected(log, begin, KinesisErrorCode.RESOURCE_IN_USE);
    }
  }

  /** Closes the pending reshard's parents at made-up end offsets and checks the result. */
  private static void complete(Log log, int advance) {
    StreamState frozen = log.stream();
    ReshardOp op = frozen.pending();
    Map<Integer, Long> ends = new HashMap<>();
    for (int p : op.parents()) {
      ends.put(p, (long) (p * 31 + log.entries.size()));
    }
    Outcome outcome =
        log.append(
            new CompleteReshard(STREAM, frozen.incarnation(), frozen.version(), ends), advance);
    assertThat(outcome.accepted()).as("complete").isTrue();
    StreamState s = log.stream();
    assertThat(s.pending()).isNull();
    for (int p : op.parents()) {
      assertThat(s.shard(p).phase()).isEqualTo(ShardPhase.CLOSED);
      assertThat(s.shard(p).endOffset()).isEqualTo(ends.get(p));
      assertThat(s.shard(p).closedAtMillis()).isEqualTo(log.now);
    }
    for (int c : op.allChildren()) {
      assertThat(s.shard(c).phase()).isEqualTo(ShardPhase.OPEN);
    }
  }

  /** After an accepted BeginReshard: parents frozen, children announced, nothing else changed. */
  private static void checkPending(
      StreamState before, StreamState after, BeginReshard begin, long now) {
    assertThat(after.status()).isEqualTo(StreamStatus.UPDATING);
    ReshardOp op = after.pending();
    assertThat(op.actions()).isEqualTo(begin.actions());
    assertThat(op.beganAt()).isEqualTo(now);
    int next = before.shards().size();
    for (int i = 0; i < begin.actions().size(); i++) {
      ReshardAction action = begin.actions().get(i);
      for (int p : action.parents()) {
        assertThat(after.shard(p).phase()).isEqualTo(ShardPhase.FROZEN);
      }
      List<Integer> children = op.children().get(i);
      assertThat(children).hasSize(action.childRanges().size());
      for (int j = 0; j < children.size(); j++) {
        ShardState child = after.shard(children.get(j));
        assertThat(child.index()).as("children numbered above every shard").isEqualTo(next++);
        assertThat(child.phase()).isEqualTo(ShardPhase.PENDING);
        assertThat(child.isVisible()).isFalse();
        assertThat(child.range()).isEqualTo(action.childRanges().get(j));
        assertThat(child.parent()).isEqualTo(action.parents().get(0));
        assertThat(child.adjacentParent())
            .isEqualTo(action.parents().size() > 1 ? action.parents().get(1) : ShardState.NONE);
      }
    }
    assertThat(after.shards()).hasSize(next);
    // Writers route over open and frozen shards while the reshard is pending.
    assertTilesTheHashKeySpace(
        after
            .writableOrFrozenShards()
            .map(ShardState::range)
            .sorted(Comparator.comparing(HashKeyRange::startingHashKey))
            .toList());
    for (ShardState shard : before.shards()) {
      if (!op.parents().contains(shard.index())) {
        assertThat(after.shard(shard.index())).isEqualTo(shard);
      }
    }
  }

  private static void probeRejected(Log log, CatalogCommand command, KinesisErrorCode expected) {
    CatalogState before = log.state;
    Outcome outcome = log.append(command, 1);
    assertThat(outcome.error()).as("%s", command).isEqualTo(expected);
    assertUnchangedBut(before, log.state);
  }

  /** A rejected command only moves the applied offset on. */
  private static void assertUnchangedBut(CatalogState before, CatalogState after) {
    assertThat(after.streams()).isEqualTo(before.streams());
    assertThat(after.retiredEpochs()).isEqualTo(before.retiredEpochs());
    assertThat(after.iteratorKey()).isEqualTo(before.iteratorKey());
    assertThat(after.appliedOffset()).isGreaterThan(before.appliedOffset());
  }

  /** Every visible shard but the first ones names visible parents created in earlier seconds. */
  private static void assertLineageAndEpochs(StreamState s) {
    for (ShardState shard : s.shards()) {
      if (shard.parent() == ShardState.NONE) {
        assertThat(shard.epochSeconds()).isEqualTo(s.incarnation());
        continue;
      }
      for (int p : List.of(shard.parent(), shard.adjacentParent())) {
        if (p == ShardState.NONE) {
          continue;
        }
        ShardState parent = s.shard(p);
        assertThat(p).as("parent numbered below its child").isLessThan(shard.index());
        assertThat(shard.epochSeconds())
            .as("epoch of %d over its parent %d", shard.index(), p)
            .isGreaterThan(parent.epochSeconds());
        if (shard.isOpen()) {
          assertThat(parent.isClosed())
              .as("parent %d of open %d closed", p, shard.index())
              .isTrue();
        }
      }
    }
  }

  private static List<ShardState> sortedOpen(StreamState s) {
    return s.openShards().sorted(Comparator.comparing(x -> x.range().startingHashKey())).toList();
  }

  private static List<HashKeyRange> openRanges(StreamState s) {
    return sortedOpen(s).stream().map(ShardState::range).toList();
  }

  private static BeginReshard split(StreamState s, int index, long version) {
    HashKeyRange range = s.shard(index).range();
    BigInteger middle = range.startingHashKey().add(range.endingHashKey()).shiftRight(1);
    return new BeginReshard(
        STREAM,
        s.incarnation(),
        version,
        List.of(
            new ReshardAction(List.of(index), List.of(range.splitAt(middle.add(BigInteger.ONE))))),
        null,
        10_000,
        10);
  }

  private static BeginReshard merge(StreamState s, int a, int b, long version) {
    return new BeginReshard(
        STREAM,
        s.incarnation(),
        version,
        List.of(
            new ReshardAction(
                List.of(a, b), List.of(s.shard(a).range().union(s.shard(b).range())))),
        null,
        10_000,
        10);
  }

  private static BeginReshard withVersion(BeginReshard c, long version) {
    return new BeginReshard(
        c.stream(),
        c.incarnation(),
        version,
        c.actions(),
        c.scalingTarget(),
        c.shardLimit(),
        c.maxScalingsPerDay());
  }

  /** A catalog log being written: each command applied at the next offset, all of them kept. */
  private static final class Log {
    final CatalogApplier applier = new CatalogApplier("000000000000", "us-east-1");
    final List<Entry> entries = new ArrayList<>();
    CatalogState state = CatalogState.empty();
    long now = T0;

    record Entry(byte[] json, long offset, long timestamp, Outcome outcome) {}

    static Log withActiveStream(int shards) {
      Log log = new Log();
      log.append(
          new CreateStream(STREAM, shards, StreamMode.PROVISIONED, 1024, Map.of(), 5, 10_000), 0);
      log.append(new StreamReady(STREAM, log.stream().incarnation()), 700);
      assertThat(log.stream().status()).isEqualTo(StreamStatus.ACTIVE);
      return log;
    }

    Outcome append(CatalogCommand command, long advanceMillis) {
      now += advanceMillis;
      byte[] json;
      try {
        json = JSON.writeValueAsBytes(command);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      long offset = entries.size();
      CatalogApplier.Result result = applier.apply(state, command, offset, now);
      state = result.state();
      entries.add(new Entry(json, offset, now, result.outcome()));
      return result.outcome();
    }

    /** The same log read back from its JSON and applied from empty by a new applier. */
    Log replayed() {
      Log replay = new Log();
      for (Entry e : entries) {
        CatalogCommand command;
        try {
          command = JSON.readValue(e.json(), CatalogCommand.class);
        } catch (IOException ex) {
          throw new AssertionError(ex);
        }
        CatalogApplier.Result result =
            replay.applier.apply(replay.state, command, e.offset(), e.timestamp());
        replay.state = result.state();
        replay.entries.add(new Entry(e.json(), e.offset(), e.timestamp(), result.outcome()));
      }
      return replay;
    }

    List<Outcome> outcomes() {
      return entries.stream().map(Entry::outcome).toList();
    }

    StreamState stream() {
      return state.stream(STREAM);
    }
  }
}
