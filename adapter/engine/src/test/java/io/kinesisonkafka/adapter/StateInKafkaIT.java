package io.kinesisonkafka.adapter;

import static io.kinesisonkafka.adapter.testkit.TestEngines.awaitActive;
import static io.kinesisonkafka.adapter.testkit.TestEngines.createActive;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.ListStreamsRequest;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No state outside Kafka: other and restarted instances see the same streams and records. */
class StateInKafkaIT {
  @Test
  void aSecondInstanceSeesStreamsAndServesIteratorsOfTheFirst() {
    EngineConfig config = TestEngines.isolated().build();
    try (KinesisEngine first = KinesisEngine.start(config);
        KinesisEngine second = KinesisEngine.start(config)) {
      StreamRef ref = createActive(first, "shared", 2);
      awaitActive(second, "shared");
      PutRecordResult put =
          second.putRecord(ref, PutRecordsEntry.of("k", "v".getBytes(UTF_8)), null);
      String it = first.getShardIterator(GetShardIteratorRequest.trimHorizon(ref, put.shardId()));
      GetRecordsResult fromSecond = second.getRecords(it, null);
      assertThat(fromSecond.records())
          .extracting(Record::sequenceNumber)
          .containsExactly(put.sequenceNumber());
    }
  }

  @Test
  void aRestartedInstanceServesTheSameRecordsUnderTheSameSequenceNumbers() {
    EngineConfig config = TestEngines.isolated().build();
    StreamRef ref = StreamRef.named("durable");
    List<PutRecordResult> puts = new ArrayList<>();
    String iterator;
    try (KinesisEngine engine = KinesisEngine.start(config)) {
      createActive(engine, "durable", 1);
      for (int i = 0; i < 10; i++) {
        puts.add(
            engine.putRecord(ref, PutRecordsEntry.of("k" + i, ("v" + i).getBytes(UTF_8)), null));
      }
      iterator =
          engine.getShardIterator(GetShardIteratorRequest.trimHorizon(ref, "shardId-000000000000"));
    }
    try (KinesisEngine restarted = KinesisEngine.start(config)) {
      assertThat(restarted.listStreams(ListStreamsRequest.all()).streamNames())
          .containsExactly("durable");
      GetRecordsResult read = restarted.getRecords(iterator, null);
      assertThat(read.records())
          .extracting(Record::sequenceNumber)
          .containsExactlyElementsOf(puts.stream().map(PutRecordResult::sequenceNumber).toList());
      assertThat(new String(read.records().get(9).data(), UTF_8)).isEqualTo("v9");
    }
  }
}
