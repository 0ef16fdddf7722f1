package io.kinesisonkafka.adapter.internals.state;

import io.kinesisonkafka.adapter.internals.mapping.HashKeySpace;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * UpdateShardCount as a sequence of reshard phases, the way Kinesis does it with intermediate
 * shards: first split every open shard at each uniform target boundary inside it, then merge the
 * pieces of each target range pairwise until one shard per range remains. Lineage stays within
 * Kinesis' shape (one parent per split child, two per merged child). Pure and deterministic, so any
 * instance computes the same next phase from the same catalog.
 */
public final class ReshardPlanner {
  private ReshardPlanner() {}

  /** The next phase towards {@code target} uniform shards; empty when the layout is reached. */
  public static List<ReshardAction> nextPhase(List<ShardState> openShards, int target) {
    List<ShardState> sorted = new ArrayList<>(openShards);
    sorted.sort(Comparator.comparing(s -> s.range().startingHashKey()));
    List<HashKeyRange> targets = HashKeySpace.evenSplit(target);

    List<ReshardAction> splits = new ArrayList<>();
    for (ShardState shard : sorted) {
      List<HashKeyRange> pieces = new ArrayList<>();
      HashKeyRange rest = shard.range();
      for (HashKeyRange t : targets) {
        BigInteger boundary = t.startingHashKey();
        if (boundary.compareTo(rest.startingHashKey()) > 0
            && boundary.compareTo(rest.endingHashKey()) <= 0) {
          HashKeyRange[] halves = rest.splitAt(boundary);
          pieces.add(halves[0]);
          rest = halves[1];
        }
      }
      if (!pieces.isEmpty()) {
        pieces.add(rest);
        splits.add(new ReshardAction(List.of(shard.index()), pieces));
      }
    }
    if (!splits.isEmpty()) {
      return splits;
    }

    TreeMap<Integer, List<ShardState>> byTarget = new TreeMap<>();
    for (ShardState shard : sorted) {
      byTarget
          .computeIfAbsent(
              targetOf(targets, shard.range().startingHashKey()), k -> new ArrayList<>())
          .add(shard);
    }
    List<ReshardAction> merges = new ArrayList<>();
    for (List<ShardState> group : byTarget.values()) {
      for (int i = 0; i + 1 < group.size(); i += 2) {
        ShardState a = group.get(i);
        ShardState b = group.get(i + 1);
        merges.add(
            new ReshardAction(List.of(a.index(), b.index()), List.of(a.range().union(b.range()))));
      }
    }
    return merges;
  }

  private static int targetOf(List<HashKeyRange> targets, BigInteger hashKey) {
    for (int i = 0; i < targets.size(); i++) {
      if (targets.get(i).contains(hashKey)) {
        return i;
      }
    }
    throw new IllegalStateException("hash key outside 0..2^128-1: " + hashKey);
  }
}
