package io.kinesisonkafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SchedulerConfigTest {

  @Test
  void reportsEveryInvalidSettingAtOnce() {
    assertThatThrownBy(
            () ->
                SchedulerConfig.custom()
                    .maxRecords(0)
                    .failoverTime(Duration.ofMillis(-5))
                    .idleTimeBetweenReads(Duration.ZERO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("applicationName must be set")
        .hasMessageContaining("streams must name at least one stream")
        .hasMessageContaining("bootstrapServers must be set")
        .hasMessageContaining("maxRecords must be in [1, 100000], but was 0")
        .hasMessageContaining("failoverTime must be > 0, but was -5ms")
        .hasMessageContaining("idleTimeBetweenReads must be > 0, but was 0ms");
  }

  @Test
  void hasTheKclDefaultsAndCopiesFromABase() {
    SchedulerConfig config =
        SchedulerConfig.custom().applicationName("app").stream("orders")
            .bootstrapServers("k:9092")
            .build();
    assertThat(config.initialPosition()).isEqualTo(InitialPosition.LATEST);
    assertThat(config.maxRecords()).isEqualTo(10_000);
    assertThat(config.failoverTime()).isEqualTo(Duration.ofSeconds(10));
    SchedulerConfig copy = SchedulerConfig.from(config).stream("payments").build();
    assertThat(copy.streams()).containsExactly("orders", "payments");
    assertThat(copy.workerId()).isEqualTo(config.workerId());
  }

  @Test
  void ordersExtendedSequenceNumbersAsTheKclDoes() {
    ExtendedSequenceNumber a = new ExtendedSequenceNumber("100", 0);
    ExtendedSequenceNumber b = new ExtendedSequenceNumber("100", 3);
    ExtendedSequenceNumber c = new ExtendedSequenceNumber("99999999999999999999999", 0);
    assertThat(ExtendedSequenceNumber.AT_TIMESTAMP)
        .isLessThan(ExtendedSequenceNumber.TRIM_HORIZON)
        .isLessThan(ExtendedSequenceNumber.LATEST);
    assertThat(ExtendedSequenceNumber.LATEST).isLessThan(a);
    assertThat(a).isLessThan(b);
    assertThat(b).isLessThan(c);
    assertThat(c).isLessThan(ExtendedSequenceNumber.SHARD_END);
  }
}
