package io.kinesisonkafka.firehose.internals.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.firehose.BufferingHints;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionBufferTest {
  private static final long SECOND = 1_000_000_000L;

  private static List<BufferedRecord> record(long offset, int size) {
    return List.of(new BufferedRecord(0, offset, 0, 0, new byte[size]));
  }

  @Test
  void isDueWhenItHoldsTheSizeHint() {
    BufferingHints hints = new BufferingHints(1, 900);
    PartitionBuffer b = new PartitionBuffer("s", 0, 10);
    b.add(10, record(10, 600_000), 0);
    assertThat(b.due(hints, 0, 11)).isFalse();
    assertThat(b.fullBefore(hints, 600_000)).isTrue();
    b.add(11, record(11, 600_000), 0);
    assertThat(b.due(hints, 0, 12)).isTrue();
    Batch batch = b.cut();
    assertThat(batch.firstOffset()).isEqualTo(10);
    assertThat(batch.endOffset()).isEqualTo(12);
    assertThat(b.isEmpty()).isTrue();
  }

  @Test
  void isDueWhenItsOldestRecordHasWaitedTheInterval() {
    BufferingHints hints = new BufferingHints(128, 2);
    PartitionBuffer b = new PartitionBuffer("s", 0, 0);
    assertThat(b.due(hints, 10 * SECOND, 0)).isFalse();
    b.add(0, record(0, 1), SECOND);
    b.add(1, record(1, 1), 2 * SECOND);
    assertThat(b.due(hints, 2 * SECOND, 2)).isFalse();
    assertThat(b.due(hints, 3 * SECOND, 2)).isTrue();
  }

  @Test
  void cutsExactlyAtABoundaryRecordedBeforeARestart() {
    BufferingHints hints = new BufferingHints(1, 0);
    PartitionBuffer b = new PartitionBuffer("s", 0, 5);
    b.cutAt(8);
    b.add(5, record(5, 2_000_000), 0);
    assertThat(b.due(hints, SECOND, 6)).isFalse();
    assertThat(b.fullBefore(hints, 2_000_000)).isFalse();
    b.add(6, record(6, 1), 0);
    b.add(7, record(7, 1), 0);
    assertThat(b.endsBefore(8)).isTrue();
    assertThat(b.due(hints, SECOND, 8)).isTrue();
    Batch batch = b.cut();
    assertThat(batch.endOffset()).isEqualTo(8);
    assertThat(batch.records()).hasSize(3);
    assertThat(b.recordedEnd()).isEqualTo(-1);
  }
}
