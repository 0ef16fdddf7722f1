package io.kinesisonkafka.connect.internals;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Which Kafka offsets handed to a {@link PutBatcher} Kinesis acknowledged, and so which the sink
 * task may commit: per partition, the first offset not yet acknowledged (or refused).
 *
 * <p>Why a class of its own: the calls of different lanes complete in any order, so a partition's
 * offsets are acknowledged out of order; the bookkeeping that turns that into a safe commit point
 * is independent of how the entries travel. Confined to the task's thread.
 */
final class AckedOffsets {
  /** Per partition: offsets handed in and not yet acknowledged (or refused). */
  private final Map<TopicPartition, TreeSet<Long>> open = new HashMap<>();

  /** Per partition: the next offset after the highest one handed in. */
  private final Map<TopicPartition, Long> seen = new HashMap<>();

  /** Records that an offset was handed in, to be acknowledged later. */
  void handedIn(TopicPartition tp, long offset) {
    open.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
    seen.merge(tp, offset + 1, Math::max);
  }

  /** Records that an offset was handed in and settled at once (refused or skipped). */
  void settled(TopicPartition tp, long offset) {
    seen.merge(tp, offset + 1, Math::max);
  }

  /** Records that Kinesis acknowledged (or refused for good) an entry handed in. */
  void acked(KinesisEntry e) {
    TreeSet<Long> unacked = open.get(e.topicPartition());
    if (unacked != null) {
      unacked.remove(e.offset());
    }
  }

  /** The offsets to commit: per partition, the first offset not yet acknowledged. */
  Map<TopicPartition, Long> committable() {
    Map<TopicPartition, Long> result = new HashMap<>();
    seen.forEach(
        (tp, next) -> {
          TreeSet<Long> unacked = open.get(tp);
          result.put(tp, unacked == null || unacked.isEmpty() ? next : unacked.first());
        });
    return result;
  }

  /** Forgets partitions no longer assigned. */
  void forget(Set<TopicPartition> partitions) {
    open.keySet().removeAll(partitions);
    seen.keySet().removeAll(partitions);
  }
}
