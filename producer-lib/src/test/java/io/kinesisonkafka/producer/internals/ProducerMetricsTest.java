package io.kinesisonkafka.producer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.aggregation.AggregatedRecordBuilder;
import io.kinesisonkafka.producer.Attempt;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerMetricsTest {
  private static final long TTL = 30_000_000_000L;

  @Test
  void countsLoneRecordsAndAggregatesUnderTheKplNamesAfterGarbageCollections() {
    MeterRegistry registry = new SimpleMeterRegistry();
    OutstandingLimit outstanding = new OutstandingLimit(1 << 20);
    ProducerMetrics metrics = new ProducerMetrics(registry, "p", outstanding);

    OutgoingRecord lone = OutgoingRecord.single("s", user("k1", 100, outstanding), TTL);
    metrics.put(lone);
    metrics.put(OutgoingRecord.single("s", user("k2", 100, outstanding), TTL));
    List<PendingUserRecord> users =
        List.of(user("a", 10, outstanding), user("b", 20, outstanding), user("c", 30, outstanding));
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();
    for (PendingUserRecord u : users) {
      builder.tryAdd(u.partitionKey, null, u.data);
    }
    OutgoingRecord aggregate = OutgoingRecord.aggregate("s", users, builder.build(), 1, TTL);
    metrics.put(aggregate);
    // Micrometer holds function counters' state weakly: the counts must survive collections.
    for (int i = 0; i < 3; i++) {
      System.gc();
    }

    assertThat(count(registry, "KinesisRecordsPut")).isEqualTo(3);
    assertThat(count(registry, "KinesisRecordsDataPut"))
        .isEqualTo(2 * lone.size() + aggregate.size());
    assertThat(count(registry, "UserRecordsPut")).isEqualTo(5);
    assertThat(count(registry, "UserRecordsDataPut")).isEqualTo(2 * (100 + 2) + 11 + 21 + 31);
    assertThat(count(registry, "UserRecordsReceived")).isEqualTo(5);
  }

  private static double count(MeterRegistry registry, String name) {
    return registry.get(name).functionCounter().count();
  }

  private static PendingUserRecord user(String key, int dataBytes, OutstandingLimit outstanding) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    PendingUserRecord record =
        new PendingUserRecord(key, utf8, null, null, new byte[dataBytes], 0, outstanding) {
          @Override
          protected void succeeded(
              ShardView shard,
              long offset,
              long timestampMillis,
              long subSequenceNumber,
              List<Attempt> earlierAttempts,
              long delayNanos,
              long durationNanos) {}

          @Override
          protected void failed(List<Attempt> attempts) {}
        };
    try {
      outstanding.acquire(record.size(), 0);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return record;
  }
}
