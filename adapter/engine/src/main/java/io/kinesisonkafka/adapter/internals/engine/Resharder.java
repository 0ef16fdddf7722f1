package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.LIMIT_EXCEEDED;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_IN_USE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.VALIDATION;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.mapping.HashKeySpace;
import io.kinesisonkafka.adapter.internals.mapping.ShardIds;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand;
import io.kinesisonkafka.adapter.internals.state.ReshardAction;
import io.kinesisonkafka.adapter.internals.state.ReshardPlanner;
import io.kinesisonkafka.adapter.internals.state.ShardState;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import io.kinesisonkafka.adapter.model.StreamMode;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.adapter.model.UpdateShardCountResult;
import java.math.BigInteger;
import java.util.List;

/**
 * SplitShard, MergeShards and UpdateShardCount: validate against the current view, append the
 * conditional BeginReshard, and let {@link StreamLifecycle} complete it. One reshard at a time per
 * stream: the stream is UPDATING until it completes.
 */
public final class Resharder {
  private final EngineConfig config;
  private final StreamLookup lookup;
  private final CatalogLog catalog;
  private final StreamLifecycle lifecycle;

  Resharder(
      EngineConfig config, StreamLookup lookup, CatalogLog catalog, StreamLifecycle lifecycle) {
    this.config = config;
    this.lookup = lookup;
    this.catalog = catalog;
    this.lifecycle = lifecycle;
  }

  public void splitShard(StreamRef ref, String shardToSplit, String newStartingHashKey) {
    StreamState s = activeProvisioned(ref, "SplitShard");
    ShardState shard = lookup.shard(s, shardToSplit);
    if (newStartingHashKey == null) {
      throw ModelConstraints.invalid("newStartingHashKey", null, "must not be null");
    }
    BigInteger key = HashKeySpace.parseHashKey(newStartingHashKey, "NewStartingHashKey");
    requireOpen(s, shard);
    HashKeyRange range = shard.range();
    if (key.compareTo(range.startingHashKey().add(BigInteger.ONE)) <= 0
        || key.compareTo(range.endingHashKey()) >= 0) {
      throw INVALID_ARGUMENT.exception(
          "NewStartingHashKey %s used in SplitShard() on shard %s in stream %s under account %s is"
              + " not both greater than one plus the shard's StartingHashKey %s and less than the"
              + " shard's EndingHashKey %s.",
          key,
          shardToSplit,
          s.name(),
          config.accountId(),
          range.startingHashKey(),
          range.endingHashKey());
    }
    begin(s, List.of(new ReshardAction(List.of(shard.index()), List.of(range.splitAt(key)))), null);
  }

  public void mergeShards(StreamRef ref, String shardToMerge, String adjacentShardToMerge) {
    StreamState s = activeProvisioned(ref, "MergeShards");
    ShardState a = lookup.shard(s, shardToMerge);
    ShardState b = lookup.shard(s, adjacentShardToMerge);
    requireOpen(s, a);
    requireOpen(s, b);
    if (a.index() == b.index() || !a.range().isAdjacentTo(b.range())) {
      throw INVALID_ARGUMENT.exception(
          "Shards %s and %s in stream %s under account %s are not an adjacent pair of shards"
              + " eligible for merging",
          shardToMerge, adjacentShardToMerge, s.name(), config.accountId());
    }
    begin(
        s,
        List.of(
            new ReshardAction(List.of(a.index(), b.index()), List.of(a.range().union(b.range())))),
        null);
  }

  public UpdateShardCountResult updateShardCount(
      StreamRef ref, Integer target, String scalingType) {
    if (target == null) {
      throw ModelConstraints.invalid("targetShardCount", null, "must not be null");
    }
    if (!"UNIFORM_SCALING".equals(scalingType)) {
      throw ModelConstraints.invalid(
          "scalingType", scalingType, "must satisfy enum value set: [UNIFORM_SCALING]");
    }
    if (target < 1) {
      throw ModelConstraints.invalid(
          "targetShardCount", target, "must have value greater than or equal to 1");
    }
    StreamState s = activeProvisioned(ref, "UpdateShardCount");
    int current = s.openShardCount();
    if (target > 2 * current) {
      throw LIMIT_EXCEEDED.exception(
          "UpdateShardCount cannot scale up over double your current open shard count. Current"
              + " open shard count: %d Target shard count: %d",
          current, target);
    }
    if (target < (current + 1) / 2) {
      throw LIMIT_EXCEEDED.exception(
          "UpdateShardCount cannot scale down below half your current open shard count. Current"
              + " open shard count: %d Target shard count: %d",
          current, target);
    }
    if (target > config.shardLimit()) {
      throw LIMIT_EXCEEDED.exception(
          "Target shard count %d exceeds the shard limit %d of account %s.",
          target, config.shardLimit(), config.accountId());
    }
    List<ReshardAction> phase = ReshardPlanner.nextPhase(s.openShards().toList(), target);
    if (!phase.isEmpty()) {
      begin(s, phase, target);
    }
    return new UpdateShardCountResult(s.name(), lookup.arn(s.name()), current, target);
  }

  private StreamState activeProvisioned(StreamRef ref, String operation) {
    StreamState s = lookup.resolveFresh(ref);
    if (s.status() != StreamStatus.ACTIVE) {
      throw RESOURCE_IN_USE.exception(
          "Stream %s under account %s not ACTIVE, instead in state %s",
          s.name(), config.accountId(), s.status());
    }
    if (s.mode() != StreamMode.PROVISIONED) {
      throw VALIDATION.exception("%s is only supported for provisioned streams.", operation);
    }
    return s;
  }

  private void requireOpen(StreamState s, ShardState shard) {
    if (!shard.isOpen()) {
      throw INVALID_ARGUMENT.exception(
          "Shard %s in stream %s under account %s has already been merged or split, and thus is"
              + " not eligible for merging or splitting.",
          ShardIds.format(shard.index()), s.name(), config.accountId());
    }
  }

  private void begin(StreamState s, List<ReshardAction> actions, Integer scalingTarget) {
    catalog
        .append(
            new CatalogCommand.BeginReshard(
                s.name(),
                s.incarnation(),
                s.version(),
                actions,
                scalingTarget,
                config.shardLimit(),
                config.maxScalingsPerDay()),
            config.requestTimeout())
        .throwIfRejected();
    lifecycle.drive(s.name());
  }
}
