package io.kinesisonkafka.connect.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The sink's commit point (README: "Offsets are committed only up to the last record Kinesis
 * acknowledged with all before it"): Connect commits the offset of the next record to read, so a
 * partition's committable offset is its first offset not yet acknowledged.
 */
class AckedOffsetsTest {
  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  private final AckedOffsets offsets = new AckedOffsets();

  private static KinesisEntry sent(TopicPartition tp, long offset) {
    return new KinesisEntry(tp, offset, "key", null, new byte[] {1}, 4, null);
  }

  private void handIn(TopicPartition tp, long... offs) {
    for (long o : offs) {
      offsets.handedIn(tp, o);
    }
  }

  private void ack(TopicPartition tp, long... offs) {
    for (long o : offs) {
      offsets.acked(sent(tp, o));
    }
  }

  @Test
  void commitsNothingBeforeAnythingWasHandedIn() {
    assertThat(offsets.committable()).isEmpty();
  }

  @Test
  void anOffsetHandedInIsNotCommittedUntilKinesisAcknowledgedIt() {
    handIn(P0, 5);
    assertThat(offsets.committable()).containsExactly(entry(P0, 5L));
    ack(P0, 5);
    assertThat(offsets.committable()).containsExactly(entry(P0, 6L));
  }

  @Test
  void anOffsetIsCommittableOnlyOnceEveryOffsetBeforeItWasAcknowledged() {
    handIn(P0, 0, 1, 2, 3, 4);
    ack(P0, 1, 2, 4);
    assertThat(offsets.committable()).containsExactly(entry(P0, 0L));
    ack(P0, 0);
    assertThat(offsets.committable()).containsExactly(entry(P0, 3L));
    ack(P0, 3);
    assertThat(offsets.committable()).containsExactly(entry(P0, 5L));
  }

  @Test
  void eachPartitionMovesOnItsOwnWhenLanesAcknowledgeOutOfOrder() {
    // Two lanes: lane a holds P0's 0, 2 and P1's 1; lane b holds P0's 1 and P1's 0, 2.
    handIn(P0, 0, 1, 2);
    handIn(P1, 0, 1, 2);
    ack(P0, 0, 2);
    ack(P1, 1); // lane a's call done first
    assertThat(offsets.committable()).containsOnly(entry(P0, 1L), entry(P1, 0L));
    ack(P0, 1);
    ack(P1, 0, 2); // then lane b's
    assertThat(offsets.committable()).containsOnly(entry(P0, 3L), entry(P1, 3L));
  }

  @Test
  void aRecordSettledAtOnceIsCommittableWithoutAnAcknowledgement() {
    // A record refused before it went to Kinesis (to the dead-letter topic) or skipped.
    offsets.settled(P0, 7);
    assertThat(offsets.committable()).containsExactly(entry(P0, 8L));
  }

  @Test
  void aSettledRecordDoesNotOvertakeAnEarlierOneStillInFlight() {
    handIn(P0, 0);
    offsets.settled(P0, 1);
    handIn(P0, 2);
    assertThat(offsets.committable()).containsExactly(entry(P0, 0L));
    ack(P0, 0);
    assertThat(offsets.committable()).containsExactly(entry(P0, 2L));
    ack(P0, 2);
    assertThat(offsets.committable()).containsExactly(entry(P0, 3L));
  }

  @Test
  void gapsInAPartitionsOffsetsDoNotHoldTheCommitBack() {
    // A compacted topic, or transaction markers: offsets need not be consecutive.
    handIn(P0, 10, 20, 35);
    ack(P0, 20, 10);
    assertThat(offsets.committable()).containsExactly(entry(P0, 35L));
    ack(P0, 35);
    assertThat(offsets.committable()).containsExactly(entry(P0, 36L));
  }

  @Test
  void aForgottenPartitionIsNoLongerCommitted() {
    handIn(P0, 0, 1);
    handIn(P1, 0);
    ack(P1, 0);
    offsets.forget(Set.of(P0));
    assertThat(offsets.committable()).containsExactly(entry(P1, 1L));
  }

  @Test
  void anAcknowledgementArrivingAfterThePartitionWasRevokedIsIgnored() {
    handIn(P0, 0, 1);
    offsets.forget(Set.of(P0));
    ack(P0, 0, 1); // the call that was in flight at the rebalance completes
    assertThat(offsets.committable()).isEmpty();
  }

  @Test
  void aPartitionAssignedAgainStartsFromWhatIsHandedInAfterwards() {
    handIn(P0, 0, 1, 2);
    offsets.forget(Set.of(P0));
    handIn(P0, 1); // Connect rewinds to the last commit
    assertThat(offsets.committable()).containsExactly(entry(P0, 1L));
    ack(P0, 1);
    assertThat(offsets.committable()).containsExactly(entry(P0, 2L));
  }

  @Test
  void anAcknowledgementForAnOffsetNeverHandedInChangesNothing() {
    ack(P0, 3);
    assertThat(offsets.committable()).isEmpty();
    handIn(P0, 4);
    ack(P0, 3);
    assertThat(offsets.committable()).containsExactly(entry(P0, 4L));
  }

  /**
   * For any number of partitions, offsets with gaps and any order in which Kinesis acknowledges
   * them: after every acknowledgement, every offset below a partition's committable offset was
   * acknowledged, the committable offset itself was not (unless all were: then it is the last one
   * plus 1), and it never moves back.
   */
  @Property(tries = 300)
  void commitsExactlyUpToTheFirstUnacknowledgedOffsetWhateverTheOrderOfAcknowledgements(
      @ForAll @IntRange(min = 1, max = 4) int partitions,
      @ForAll @IntRange(min = 1, max = 40) int perPartition,
      @ForAll long seed) {
    Random random = new Random(seed);
    AckedOffsets acked = new AckedOffsets();
    Map<TopicPartition, TreeSet<Long>> unacked = new HashMap<>();
    Map<TopicPartition, Long> last = new HashMap<>();
    List<KinesisEntry> toAck = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      TopicPartition tp = new TopicPartition("t", p);
      long offset = random.nextInt(5);
      for (int i = 0; i < perPartition; i++) {
        acked.handedIn(tp, offset);
        unacked.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
        last.put(tp, offset);
        toAck.add(sent(tp, offset));
        offset += 1 + random.nextInt(3);
      }
    }
    Collections.shuffle(toAck, random);
    Map<TopicPartition, Long> before = acked.committable();
    for (KinesisEntry e : toAck) {
      acked.acked(e);
      unacked.get(e.topicPartition()).remove(e.offset());
      Map<TopicPartition, Long> now = acked.committable();
      assertThat(now).hasSize(partitions);
      for (Map.Entry<TopicPartition, Long> c : now.entrySet()) {
        TopicPartition tp = c.getKey();
        TreeSet<Long> open = unacked.get(tp);
        long expected = open.isEmpty() ? last.get(tp) + 1 : open.first();
        assertThat(c.getValue()).as("%s", tp).isEqualTo(expected);
        assertThat(c.getValue()).as("%s moved back", tp).isGreaterThanOrEqualTo(before.get(tp));
      }
      before = now;
    }
  }
}
