package io.kinesisonkafka.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutstandingLimitTest {
  private static final long LONG = Duration.ofSeconds(10).toNanos();

  /** What a record of {@code size} bytes weighs against the bound. */
  private static long weight(long size) {
    return size + OutstandingLimit.RECORD_OVERHEAD;
  }

  @Test
  void aBlockedCallerGetsInOnceAnEighthOfTheBoundIsFree() throws Exception {
    OutstandingLimit outstanding = new OutstandingLimit(8 * weight(100));
    for (int i = 0; i < 8; i++) {
      assertThat(outstanding.acquire(100, 0)).isTrue();
    }
    assertThat(outstanding.acquire(10, 0)).as("full, not waiting").isFalse();
    CompletableFuture<Boolean> blocked =
        CompletableFuture.supplyAsync(() -> acquire(outstanding, 50, LONG));
    Thread.sleep(100);
    assertThat(blocked).isNotDone();
    outstanding.release(100);
    assertThat(blocked.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(outstanding.bytes()).isEqualTo(750);
    assertThat(outstanding.records()).isEqualTo(8);
  }

  @Test
  void smallRecordsCountTheirOverheadAgainstTheBound() throws Exception {
    OutstandingLimit outstanding = new OutstandingLimit(10 * weight(1));
    for (int i = 0; i < 10; i++) {
      assertThat(outstanding.acquire(1, 0)).isTrue();
    }
    assertThat(outstanding.acquire(1, 0)).as("10 bytes of data, but full").isFalse();
    assertThat(outstanding.bytes()).isEqualTo(10);
  }

  @Test
  void aBigRecordWaitsForRoomAsBigAsItselfAndTimesOutWithout() throws Exception {
    OutstandingLimit outstanding = new OutstandingLimit(weight(500) + weight(300));
    assertThat(outstanding.acquire(500, 0)).isTrue();
    assertThat(outstanding.acquire(200, 0)).isTrue();
    CompletableFuture<Boolean> big =
        CompletableFuture.supplyAsync(() -> acquire(outstanding, 400, LONG));
    outstanding.release(200);
    Thread.sleep(100);
    assertThat(big).as("500 still out: no room for 400").isNotDone();
    outstanding.release(500);
    assertThat(big.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(acquire(outstanding, 500, TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
  }

  @Test
  void aRecordBiggerThanTheBoundGetsInWhenNothingIsOutstanding() throws Exception {
    OutstandingLimit outstanding = new OutstandingLimit(weight(800));
    assertThat(outstanding.acquire(1, 0)).isTrue();
    CompletableFuture<Boolean> huge =
        CompletableFuture.supplyAsync(() -> acquire(outstanding, 5000, LONG));
    Thread.sleep(50);
    assertThat(huge).isNotDone();
    outstanding.release(1);
    assertThat(huge.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void drainingWakesWhenTheLastRecordIsReleased() throws Exception {
    OutstandingLimit outstanding = new OutstandingLimit(weight(800));
    outstanding.acquire(10, 0);
    outstanding.acquire(10, 0);
    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return outstanding.awaitDrained(LONG);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    outstanding.release(10);
    Thread.sleep(50);
    assertThat(drained).isNotDone();
    outstanding.release(10);
    assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(outstanding.records()).isZero();
  }

  private static boolean acquire(OutstandingLimit outstanding, long size, long waitNanos) {
    try {
      return outstanding.acquire(size, waitNanos);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
