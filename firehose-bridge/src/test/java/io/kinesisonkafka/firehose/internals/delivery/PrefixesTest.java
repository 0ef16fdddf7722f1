package io.kinesisonkafka.firehose.internals.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PrefixesTest {
  private static final Instant OLDEST = Instant.parse("2026-11-22T08:05:09Z");

  @Test
  void evaluatesTimestampsFromTheOldestRecordInUtc() {
    assertThat(
            Prefixes.evaluate("logs/!{timestamp:yyyy/MM/dd}/h=!{timestamp:HH}/", OLDEST, null, 1))
        .isEqualTo("logs/2026/11/22/h=08/");
  }

  @Test
  void appendsTheDefaultTimestampWhenThePrefixHasNone() {
    assertThat(Prefixes.evaluate("logs/", OLDEST, null, 1)).isEqualTo("logs/2026/11/22/08/");
    assertThat(Prefixes.evaluate("", OLDEST, null, 1)).isEqualTo("2026/11/22/08/");
  }

  @Test
  void drawsTheSameRandomStringForTheSameBatch() {
    String a = Prefixes.evaluate("!{firehose:random-string}/", OLDEST, null, 42);
    assertThat(a).matches("[a-z0-9]{11}/2026/11/22/08/");
    assertThat(Prefixes.evaluate("!{firehose:random-string}/", OLDEST, null, 42)).isEqualTo(a);
    assertThat(Prefixes.evaluate("!{firehose:random-string}/", OLDEST, null, 43)).isNotEqualTo(a);
  }

  @Test
  void fillsTheErrorOutputType() {
    assertThat(
            Prefixes.evaluate("err/!{firehose:error-output-type}/", OLDEST, "processing-failed", 1))
        .isEqualTo("err/processing-failed/2026/11/22/08/");
  }

  @Test
  void rejectsWhatFirehoseRejects() {
    assertThat(Prefixes.problems("!{timestamp:yyyy}/", null)).hasSize(1);
    assertThat(Prefixes.problems("a/", "err/"))
        .containsExactly("errorOutputPrefix must contain !{firehose:error-output-type}");
    assertThat(
            Prefixes.problems("!{firehose:error-output-type}/", "e/!{firehose:error-output-type}"))
        .containsExactly("prefix has an unknown expression !{firehose:error-output-type}");
    assertThat(Prefixes.problems("!{nope:x}", "e/!{firehose:error-output-type}")).hasSize(1);
  }

  @Test
  void namesAnObjectByItsStreamPartitionAndFirstOffset() {
    assertThat(Prefixes.objectName("s", 3, OLDEST, 42, ".gz"))
        .isEqualTo("s-3-2026-11-22-08-05-09-00000000000000000042.gz");
  }
}
