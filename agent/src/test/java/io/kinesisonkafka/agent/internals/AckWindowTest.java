package io.kinesisonkafka.agent.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The checkpoint contract of per-read batches: only source bytes whose records all completed. */
class AckWindowTest {

  @Test
  void aBatchCountsOnlyOnceSealedAndEveryRecordAcknowledged() {
    AckWindow w = new AckWindow(0);
    AckWindow.Batch first = w.sent(100, 99);
    w.sent(200, 99);
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
    AckWindow.Batch a = w.sent(100, 1);
    w.seal();
    AckWindow.Batch b = w.sent(200, 1);
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
    AckWindow.Batch a = w.sent(100, 1);
    w.seal();
    AckWindow.Batch b = w.sent(150, 1);
    w.sent(200, 1);
    w.seal();
    AckWindow.Batch c = w.sent(300, 1);
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
    AckWindow.Batch a = w.sent(100, 1);
    w.restart(0);
    assertThat(w.complete(a, true, 1)).isFalse();
    assertThat(w.inFlight()).isZero();
    assertThat(w.acked()).isZero();
    assertThat(w.seal()).isNull();
  }

  @Test
  void completionsOnSeveralThreadsWhileTheTailerSendsSettleEveryBatchOnce() throws Exception {
    AckWindow w = new AckWindow(0);
    int records = 200_000;
    int threads = 4;
    List<BlockingQueue<AckWindow.Batch>> queues = new ArrayList<>();
    AtomicLong settledRecords = new AtomicLong();
    AtomicLong settledBytes = new AtomicLong();
    List<Thread> completers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      BlockingQueue<AckWindow.Batch> q = new ArrayBlockingQueue<>(1024);
      queues.add(q);
      Thread c =
          new Thread(
              () -> {
                try {
                  AckWindow.Batch b;
                  while ((b = q.take()) != POISON) {
                    if (w.complete(b, true, 3)) {
                      settledRecords.addAndGet(b.okRecords());
                      settledBytes.addAndGet(b.okBytes());
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      c.start();
      completers.add(c);
    }
    for (int i = 0; i < records; i++) {
      AckWindow.Batch b = w.sent(10L * (i + 1), 3);
      queues.get(i % threads).put(b);
      if (i % 7 == 6) {
        AckWindow.Batch s = w.seal();
        if (s != null) {
          settledRecords.addAndGet(s.okRecords());
          settledBytes.addAndGet(s.okBytes());
        }
      }
    }
    AckWindow.Batch s = w.seal();
    if (s != null) {
      settledRecords.addAndGet(s.okRecords());
      settledBytes.addAndGet(s.okBytes());
    }
    for (BlockingQueue<AckWindow.Batch> q : queues) {
      q.put(POISON);
    }
    for (Thread c : completers) {
      c.join();
    }
    System.out.printf(
        "AckWindowTest: %,d records completed on %d threads, %,d counted in settled batches,"
            + " acked offset %,d%n",
        records, threads, settledRecords.get(), w.acked());
    assertThat(w.acked()).isEqualTo(10L * records);
    assertThat(w.inFlight()).isZero();
    assertThat(settledRecords.get()).isEqualTo(records);
    assertThat(settledBytes.get()).isEqualTo(3L * records);
  }

  private static final AckWindow.Batch POISON = new AckWindow.Batch();
}
