package io.kinesisonkafka.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.embedded.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
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
      engine.createStream(CreateStreamRequest.provisioned("smoke", 2));
      StreamRef ref = StreamRef.named("smoke");
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> engine.describeStreamSummary(ref).streamStatus() == StreamStatus.ACTIVE);
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
