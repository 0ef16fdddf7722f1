package io.kinesisonkafka.adapter;

import static io.kinesisonkafka.adapter.testkit.TestEngines.createActive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.PutRecordsResult;
import io.kinesisonkafka.adapter.model.PutRecordsResultEntry;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardLimitsIT {
  @Test
  void writesOverAShardsRecordLimitFailPerRecordWithProvisionedThroughputExceeded() {
    try (KinesisEngine engine =
        KinesisEngine.start(
            TestEngines.isolated().shardLimits(ShardLimits.kinesisDefaults()).build())) {
      StreamRef ref = createActive(engine, "throttled", 1);
      int failed = 0;
      int succeeded = 0;
      for (int call = 0; call < 3; call++) {
        List<PutRecordsEntry> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          batch.add(PutRecordsEntry.of("k" + i, new byte[10]));
        }
        PutRecordsResult result = engine.putRecords(ref, batch);
        failed += result.failedRecordCount();
        succeeded += 500 - result.failedRecordCount();
        for (PutRecordsResultEntry e : result.records()) {
          if (e.failed()) {
            assertThat(e.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
            assertThat(e.errorMessage()).contains("shardId-000000000000");
          }
        }
      }
      assertThat(failed).isPositive();
      assertThat(succeeded).isBetween(1000, 1200);
    }
  }

  @Test
  void readsOverFiveCallsPerSecondAreThrottled() {
    try (KinesisEngine engine =
        KinesisEngine.start(
            TestEngines.isolated().shardLimits(ShardLimits.kinesisDefaults()).build())) {
      StreamRef ref = createActive(engine, "readthrottle", 1);
      String it =
          engine.getShardIterator(GetShardIteratorRequest.latest(ref, "shardId-000000000000"));
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 20; i++) {
                  engine.getRecords(it, null);
                }
              })
          .isInstanceOfSatisfying(
              KinesisException.class,
              e ->
                  assertThat(e.code()).isEqualTo(KinesisErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED));
    }
  }

  @Test
  void limitsCanBeSwitchedOff() {
    try (KinesisEngine engine =
        KinesisEngine.start(TestEngines.isolated().shardLimits(ShardLimits.off()).build())) {
      StreamRef ref = createActive(engine, "unthrottled", 1);
      for (int call = 0; call < 4; call++) {
        List<PutRecordsEntry> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          batch.add(PutRecordsEntry.of("k" + i, new byte[10]));
        }
        assertThat(engine.putRecords(ref, batch).failedRecordCount()).isZero();
      }
    }
  }
}
