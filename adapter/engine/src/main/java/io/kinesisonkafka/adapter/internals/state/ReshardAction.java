package io.kinesisonkafka.adapter.internals.state;

import io.kinesisonkafka.adapter.model.HashKeyRange;
import java.util.List;

/**
 * One split or merge inside a reshard: the parents (one for a split, two adjacent ones for a merge,
 * in the order the request named them) and the hash key ranges of the children, which together
 * cover exactly the parents' ranges.
 */
public record ReshardAction(List<Integer> parents, List<HashKeyRange> childRanges) {
  public ReshardAction {
    parents = List.copyOf(parents);
    childRanges = List.copyOf(childRanges);
  }
}
