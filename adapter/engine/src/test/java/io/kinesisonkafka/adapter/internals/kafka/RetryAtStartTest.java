package io.kinesisonkafka.adapter.internals.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A start-up step is tried again while Kafka times out, and only then. */
class RetryAtStartTest {
  @Test
  void aTimedOutStepIsTriedAgainUntilItSucceeds() {
    AtomicInteger tries = new AtomicInteger();
    TopicAdmin.retryAtStart(
        Duration.ofSeconds(10),
        () -> {
          if (tries.incrementAndGet() < 3) {
            throw new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, "create topic: timeout");
          }
        });
    assertThat(tries).hasValue(3);
  }

  @Test
  void aStepThatCannotSucceedFailsAtOnce() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(
            () ->
                TopicAdmin.retryAtStart(
                    Duration.ofSeconds(10),
                    () -> {
                      tries.incrementAndGet();
                      throw new KinesisException(
                          KinesisErrorCode.INVALID_ARGUMENT, "replication factor 5 > 1 broker");
                    }))
        .isInstanceOf(KinesisException.class)
        .hasMessageContaining("replication factor");
    assertThat(tries).hasValue(1);
  }

  @Test
  void retriesEndWithTheLastErrorOnceTheTimeIsUp() {
    AtomicInteger tries = new AtomicInteger();
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                TopicAdmin.retryAtStart(
                    Duration.ofMillis(1_000),
                    () -> {
                      throw new KinesisException(
                          KinesisErrorCode.INTERNAL_FAILURE, "try " + tries.incrementAndGet());
                    }))
        .hasMessageContaining("try ");
    assertThat(tries.get()).isGreaterThan(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
