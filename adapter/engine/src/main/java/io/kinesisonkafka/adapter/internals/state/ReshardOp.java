package io.kinesisonkafka.adapter.internals.state;

import java.util.List;

/**
 * A reshard in progress: its parents are FROZEN and its children PENDING until the catalog records
 * the parents' end offsets. {@code children} lists the child indexes the catalog assigned, action
 * by action.
 */
public record ReshardOp(List<ReshardAction> actions, List<List<Integer>> children, long beganAt) {
  public ReshardOp {
    actions = List.copyOf(actions);
    children = children.stream().map(List::copyOf).toList();
  }

  public List<Integer> parents() {
    return actions.stream().flatMap(a -> a.parents().stream()).toList();
  }

  public List<Integer> allChildren() {
    return children.stream().flatMap(List::stream).toList();
  }
}
