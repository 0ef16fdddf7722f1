package io.kinesisonkafka.adapter.internals.state;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.LIMIT_EXCEEDED;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_IN_USE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_NOT_FOUND;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.internals.mapping.HashKeySpace;
import io.kinesisonkafka.adapter.internals.mapping.ShardIds;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.BeginReshard;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.CompleteReshard;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.CreateStream;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.DeleteStream;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.InitCluster;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.StreamDeleted;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.StreamReady;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.UpdateStream;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import io.kinesisonkafka.adapter.model.StreamStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies catalog commands: a pure function of (state, command, offset, log timestamp), so every
 * instance reaches the same state and the same accept/reject decision for every command. Times come
 * from the catalog record's timestamp, never from the applying instance's clock. Account and region
 * only shape error messages.
 */
public final class CatalogApplier {
  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

  private final String account;
  private final String region;
  private final StreamUpdates updates;
  private final ConsumerUpdates consumers;

  public CatalogApplier(String account, String region) {
    this.account = account;
    this.region = region;
    this.updates = new StreamUpdates(account);
    this.consumers = new ConsumerUpdates(account);
  }

  /** A new state and the decision for the command at {@code offset}. */
  public record Result(CatalogState state, Outcome outcome) {}

  public Result apply(CatalogState state, CatalogCommand command, long offset, long timestamp) {
    long next = offset + 1;
    if (command instanceof InitCluster c) {
      return state.iteratorKey() == null
          ? new Result(state.withIteratorKey(c.iteratorKey(), next), Outcome.ACCEPTED)
          : reject(state, next, INVALID_ARGUMENT, "cluster already initialised");
    } else if (command instanceof CreateStream c) {
      return create(state, c, offset, timestamp);
    } else if (command instanceof StreamReady c) {
      return transition(
          state,
          c.stream(),
          c.incarnation(),
          StreamStatus.CREATING,
          StreamStatus.ACTIVE,
          offset,
          timestamp);
    } else if (command instanceof DeleteStream c) {
      return delete(state, c, offset, timestamp);
    } else if (command instanceof StreamDeleted c) {
      return deleted(state, c, next);
    } else if (command instanceof UpdateStream c) {
      return update(state, c, offset, timestamp);
    } else if (command instanceof BeginReshard c) {
      return beginReshard(state, c, offset, timestamp);
    } else if (command instanceof CompleteReshard c) {
      return completeReshard(state, c, offset, timestamp);
    } else if (command instanceof CatalogCommand.ConsumerCommand c) {
      StreamState stream = state.stream(c.stream());
      if (stream == null || stream.incarnation() != c.incarnation()) {
        return reject(state, next, RESOURCE_NOT_FOUND, notFound(c.stream()));
      }
      var b = stream.toBuilder();
      Outcome outcome = consumers.apply(stream, b, c, timestamp);
      return outcome.accepted()
          ? new Result(state.withStream(b.build(offset, timestamp), next), outcome)
          : new Result(state.advancedTo(next), outcome);
    }
    throw new IllegalArgumentException("unknown catalog command " + command);
  }

  private Result create(CatalogState state, CreateStream c, long offset, long timestamp) {
    long next = offset + 1;
    if (state.stream(c.stream()) != null) {
      return reject(
          state,
          next,
          RESOURCE_IN_USE,
          "Stream %s under account %s already exists.".formatted(c.stream(), account));
    }
    long creating = state.creatingCount();
    if (creating >= c.maxStreamsCreating()) {
      return reject(
          state,
          next,
          LIMIT_EXCEEDED,
          "Too many streams are being created at once for account %s (limit %d); retry later."
              .formatted(account, c.maxStreamsCreating()));
    }
    int open = openShards(state);
    if (open + c.shardCount() > c.shardLimit()) {
      return reject(
          state, next, LIMIT_EXCEEDED, shardLimitMessage(c.shardLimit(), open + c.shardCount()));
    }
    long epoch =
        Math.max(timestamp / 1000, state.retiredEpochs().getOrDefault(c.stream(), -1L) + 1);
    List<ShardState> shards = new ArrayList<>();
    List<HashKeyRange> ranges = HashKeySpace.evenSplit(c.shardCount());
    for (int i = 0; i < ranges.size(); i++) {
      shards.add(ShardState.open(i, ranges.get(i), epoch, timestamp));
    }
    StreamState stream =
        StreamState.creating(
            c.stream(), epoch, timestamp, c.mode(), c.maxRecordSizeKiB(), c.tags(), shards, offset);
    return new Result(state.withStream(stream, next), Outcome.ACCEPTED);
  }

  private Result transition(
      CatalogState state,
      String name,
      long incarnation,
      StreamStatus from,
      StreamStatus to,
      long offset,
      long timestamp) {
    StreamState stream = state.stream(name);
    if (stream == null || stream.incarnation() != incarnation || stream.status() != from) {
      return reject(
          state, offset + 1, RESOURCE_IN_USE, "stream %s is not %s".formatted(name, from));
    }
    var b = stream.toBuilder();
    b.status = to;
    return new Result(state.withStream(b.build(offset, timestamp), offset + 1), Outcome.ACCEPTED);
  }

  private Result delete(CatalogState state, DeleteStream c, long offset, long timestamp) {
    long next = offset + 1;
    StreamState stream = state.stream(c.stream());
    if (stream == null || stream.incarnation() != c.incarnation()) {
      return reject(state, next, RESOURCE_NOT_FOUND, notFound(c.stream()));
    }
    if (stream.status() == StreamStatus.DELETING) {
      return new Result(state.advancedTo(next), Outcome.ACCEPTED);
    }
    if (!stream.consumers().isEmpty() && !c.enforceConsumerDeletion()) {
      return reject(
          state,
          next,
          RESOURCE_IN_USE,
          ("Stream %s under account %s has registered consumers. Deregister them or set"
                  + " EnforceConsumerDeletion.")
              .formatted(c.stream(), account));
    }
    var b = stream.toBuilder();
    b.status = StreamStatus.DELETING;
    return new Result(state.withStream(b.build(offset, timestamp), next), Outcome.ACCEPTED);
  }

  private Result deleted(CatalogState state, StreamDeleted c, long next) {
    StreamState stream = state.stream(c.stream());
    if (stream == null
        || stream.incarnation() != c.incarnation()
        || stream.status() != StreamStatus.DELETING) {
      return reject(state, next, RESOURCE_NOT_FOUND, notFound(c.stream()));
    }
    long lastEpoch = stream.shards().stream().mapToLong(ShardState::epochSeconds).max().orElse(0);
    return new Result(state.withoutStream(c.stream(), lastEpoch, next), Outcome.ACCEPTED);
  }

  private Result update(CatalogState state, UpdateStream c, long offset, long timestamp) {
    long next = offset + 1;
    StreamState stream = state.stream(c.stream());
    if (stream == null || stream.incarnation() != c.incarnation()) {
      return reject(state, next, RESOURCE_NOT_FOUND, notFound(c.stream()));
    }
    var b = stream.toBuilder();
    Outcome outcome = updates.apply(stream, b, c.update());
    if (!outcome.accepted()) {
      return new Result(state.advancedTo(next), outcome);
    }
    return new Result(state.withStream(b.build(offset, timestamp), next), outcome);
  }

  private Result beginReshard(CatalogState state, BeginReshard c, long offset, long timestamp) {
    long next = offset + 1;
    StreamState stream = state.stream(c.stream());
    if (stream == null || stream.incarnation() != c.incarnation()) {
      return reject(state, next, RESOURCE_NOT_FOUND, notFound(c.stream()));
    }
    boolean continuation =
        stream.status() == StreamStatus.UPDATING
            && stream.scalingTarget() != null
            && stream.pending() == null
            && c.scalingTarget() != null;
    if (stream.version() != c.expectedVersion()
        || !(stream.status() == StreamStatus.ACTIVE || continuation)) {
      return reject(state, next, RESOURCE_IN_USE, notActive(stream));
    }
    var b = stream.toBuilder();
    if (c.scalingTarget() != null && !continuation) {
      List<Long> recent = new ArrayList<>();
      for (long t : stream.scalingHistory()) {
        if (timestamp - t < DAY_MILLIS) {
          recent.add(t);
        }
      }
      if (recent.size() >= c.maxScalingsPerDay()) {
        return reject(
            state,
            next,
            LIMIT_EXCEEDED,
            "Stream %s under account %s has already been scaled %d times in the last 24 hours."
                .formatted(stream.name(), account, recent.size()));
      }
      recent.add(timestamp);
      b.scalingHistory = recent;
      b.scalingTarget = c.scalingTarget();
    }
    String invalid = validateActions(stream, c.actions());
    if (invalid != null) {
      return reject(state, next, INVALID_ARGUMENT, invalid);
    }
    int childCount = c.actions().stream().mapToInt(a -> a.childRanges().size()).sum();
    int parentCount = c.actions().stream().mapToInt(a -> a.parents().size()).sum();
    int resulting = openShards(state) - parentCount + childCount;
    if (childCount > parentCount && resulting > c.shardLimit()) {
      return reject(state, next, LIMIT_EXCEEDED, shardLimitMessage(c.shardLimit(), resulting));
    }
    List<List<Integer>> children = new ArrayList<>();
    for (ReshardAction action : c.actions()) {
      long epoch = timestamp / 1000;
      for (int p : action.parents()) {
        epoch = Math.max(epoch, stream.shard(p).epochSeconds() + 1);
        b.shards.set(p, stream.shard(p).withPhase(ShardPhase.FROZEN));
      }
      int parent = action.parents().get(0);
      int adjacent = action.parents().size() > 1 ? action.parents().get(1) : ShardState.NONE;
      List<Integer> indexes = new ArrayList<>();
      for (HashKeyRange range : action.childRanges()) {
        int index = b.shards.size();
        indexes.add(index);
        b.shards.add(
            new ShardState(
                index, range, parent, adjacent, epoch, timestamp, ShardPhase.PENDING, -1, 0));
      }
      children.add(indexes);
    }
    b.pending = new ReshardOp(c.actions(), children, timestamp);
    b.status = StreamStatus.UPDATING;
    return new Result(state.withStream(b.build(offset, timestamp), next), Outcome.ACCEPTED);
  }

  private String validateActions(StreamState stream, List<ReshardAction> actions) {
    if (actions.isEmpty()) {
      return "nothing to reshard";
    }
    Set<Integer> seen = new HashSet<>();
    for (ReshardAction action : actions) {
      List<HashKeyRange> parentRanges = new ArrayList<>();
      for (int p : action.parents()) {
        ShardState parent = stream.shard(p);
        if (parent == null || !parent.isVisible()) {
          return "Shard %d not found in stream %s".formatted(p, stream.name());
        }
        if (!parent.isOpen() || !seen.add(p)) {
          return ("Shard %s in stream %s under account %s has already been merged or split, and"
                  + " thus is not eligible for merging or splitting.")
              .formatted(ShardIds.format(p), stream.name(), account);
        }
        parentRanges.add(parent.range());
      }
      parentRanges.sort((x, y) -> x.startingHashKey().compareTo(y.startingHashKey()));
      HashKeyRange whole = parentRanges.get(0);
      for (int i = 1; i < parentRanges.size(); i++) {
        if (!whole.isAdjacentTo(parentRanges.get(i))) {
          return "Shards to merge in stream %s are not adjacent.".formatted(stream.name());
        }
        whole = whole.union(parentRanges.get(i));
      }
      HashKeyRange covered = null;
      for (HashKeyRange child : action.childRanges()) {
        if (covered == null) {
          covered = child;
        } else if (covered.isAdjacentTo(child)
            && covered.endingHashKey().compareTo(child.startingHashKey()) < 0) {
          covered = covered.union(child);
        } else {
          return "child hash key ranges are not contiguous";
        }
      }
      if (!whole.equals(covered)) {
        return "child hash key ranges do not cover the parents' range";
      }
    }
    return null;
  }

  private Result completeReshard(
      CatalogState state, CompleteReshard c, long offset, long timestamp) {
    long next = offset + 1;
    StreamState stream = state.stream(c.stream());
    if (stream == null || stream.incarnation() != c.incarnation()) {
      return reject(state, next, RESOURCE_NOT_FOUND, notFound(c.stream()));
    }
    ReshardOp op = stream.pending();
    if (op == null
        || stream.version() != c.expectedVersion()
        || !c.parentEndOffsets().keySet().containsAll(op.parents())) {
      return reject(
          state, next, RESOURCE_IN_USE, "reshard of %s already completed".formatted(c.stream()));
    }
    var b = stream.toBuilder();
    for (int p : op.parents()) {
      b.shards.set(p, stream.shard(p).closed(c.parentEndOffsets().get(p), timestamp));
    }
    for (int child : op.allChildren()) {
      b.shards.set(child, stream.shard(child).withPhase(ShardPhase.OPEN));
    }
    b.pending = null;
    if (b.scalingTarget != null) {
      List<ShardState> open = b.shards.stream().filter(ShardState::isOpen).toList();
      if (ReshardPlanner.nextPhase(open, b.scalingTarget).isEmpty()) {
        b.scalingTarget = null;
      }
    }
    b.status = b.scalingTarget == null ? StreamStatus.ACTIVE : StreamStatus.UPDATING;
    return new Result(state.withStream(b.build(offset, timestamp), next), Outcome.ACCEPTED);
  }

  private static int openShards(CatalogState state) {
    return state.openShardCount();
  }

  private String shardLimitMessage(int limit, int resulting) {
    return ("This request would exceed the shard limit for the account %s in %s. Current limit on"
            + " shards is %d. Number of shards that would have resulted from this request is %d.")
        .formatted(account, region, limit, resulting);
  }

  String notFound(String stream) {
    return "Stream %s under account %s not found.".formatted(stream, account);
  }

  String notActive(StreamState stream) {
    return "Stream %s under account %s not ACTIVE, instead in state %s"
        .formatted(stream.name(), account, stream.status());
  }

  private static Result reject(
      CatalogState state, long next, KinesisErrorCode code, String message) {
    return new Result(state.advancedTo(next), Outcome.rejected(code, message));
  }
}
