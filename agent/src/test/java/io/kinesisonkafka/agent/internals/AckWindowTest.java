package io.kinesisonkafka.agent.internals;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The checkpoint contract of per-read batches: only source bytes whose records all completed. */
class AckWindowTest {

  @Test
  void aBatchCountsOnlyOnceSealedAndEveryRecordAcknowledged() {
    AckWindow w = new AckWindow(0);
    AckWindow.Batch first = w.sent(100);
    w.sent(200);
    assertThat(w.complete(first, true, 99)).isFalse();
    assertThat(w.complete(first, true, 99)).isFalse(); // not sealed yet
    assertThat(w.acked()).isZero();
    AckWindow.Batch settled = w.seal();
    assertThat(settled).isSameAs(first);
    assertThat(settled.okRecords()).isEqualTo(2);
    assertThat(settled.okBytes()).isEqualTo(198);
    assertThat(w.acked()).isEqualTo(200);
    assertThat(w.inFlight()).isZero();
    System.out.println("AckWindowTest: 2 records in one batch, acked offset " + w.acked());
  }

  @Test
  void batchesAcknowledgedOutOfOrderAdvanceThePrefixInFileOrder() {
    AckWindow w = new AckWindow(10);
    AckWindow.Batch a = w.sent(100);
    w.seal();
    AckWindow.Batch b = w.sent(200);
    w.skipped(250); // a header or skipped line after b's record: acknowledged with b
    w.seal();
    assertThat(w.complete(b, true, 5)).isTrue();
    assertThat(w.acked()).isEqualTo(10);
    assertThat(w.inFlight()).isEqualTo(1);
    assertThat(w.complete(a, true, 5)).isTrue();
    assertThat(w.acked()).isEqualTo(250);
    w.skipped(300); // nothing in flight: acknowledged at once
    assertThat(w.acked()).isEqualTo(300);
  }

  @Test
  void aFailedRecordHoldsItsBatchAndWhatFollowsUntilReset() {
    AckWindow w = new AckWindow(0);
    AckWindow.Batch a = w.sent(100);
    w.seal();
    AckWindow.Batch b = w.sent(150);
    w.sent(200);
    w.seal();
    AckWindow.Batch c = w.sent(300);
    w.seal();
    w.complete(a, true, 1);
    w.complete(b, true, 1);
    w.complete(b, false, 1);
    w.complete(c, true, 1);
    assertThat(w.failed()).isTrue();
    assertThat(w.acked()).isEqualTo(100);
    assertThat(b.okRecords()).isEqualTo(1);
    assertThat(w.reset()).isEqualTo(100);
    assertThat(w.failed()).isFalse();
    assertThat(w.inFlight()).isZero();
    // a late completion of a forgotten batch changes nothing
    assertThat(w.complete(c, true, 1)).isFalse();
    assertThat(w.inFlight()).isZero();
    assertThat(w.acked()).isEqualTo(100);
  }

  @Test
  void restartForgetsRecordsInFlight() {
    AckWindow w = new AckWindow(0);
    AckWindow.Batch a = w.sent(100);
    w.restart(0);
    assertThat(w.complete(a, true, 1)).isFalse();
    assertThat(w.inFlight()).isZero();
    assertThat(w.acked()).isZero();
    assertThat(w.seal()).isNull();
  }
}
