package io.kinesisonkafka.adapter.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up warm-up goes through the operations' own code, without Kafka. */
class StartupWarmupTest {

  @Test
  void worksThroughWholeSyntheticCallsAndStops() {
    long start = System.nanoTime();
    long worked = StartupWarmup.run(4_000);
    System.out.printf(
        "warm-up: %d records in %d ms%n", worked, (System.nanoTime() - start) / 1_000_000);
    assertThat(worked).isEqualTo(4_000); // 8 calls of 500, the eighth in JSON
    assertThat(StartupWarmup.run(0)).isZero();
  }
}
