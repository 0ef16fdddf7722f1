package io.kinesisonkafka.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import io.kinesisonkafka.embedded.SharedKafka;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EngineSmokeIT {
  @Test
  void putsAndReadsARecord() {
    EngineConfig config =
        EngineConfig.custom()
            .bootstrapServers(SharedKafka.bootstrapServers())
            .shardLimits(ShardLimits.off())
            .build();
    try (KinesisEngine engine = KinesisEngine.start(config)) {
      StreamRef ref = TestEngines.createActive(engine, "smoke", 2);
      PutRecordResult put =
          engine.putRecord(
              ref, PutRecordsEntry.of("k", "hello".getBytes(StandardCharsets.UTF_8)), null);
      String it = engine.getShardIterator(GetShardIteratorRequest.trimHorizon(ref, put.shardId()));
      GetRecordsResult got = engine.getRecords(it, null);
      assertThat(got.records()).hasSize(1);
      assertThat(got.records().get(0).sequenceNumber()).isEqualTo(put.sequenceNumber());
    }
  }
}
