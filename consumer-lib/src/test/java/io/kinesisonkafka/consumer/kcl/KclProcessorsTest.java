package io.kinesisonkafka.consumer.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.aggregation.AggregatedRecordBuilder;
import io.kinesisonkafka.consumer.ExtendedSequenceNumber;
import io.kinesisonkafka.consumer.ProcessorTestDriver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

class KclProcessorsTest {

  /** A processor written for the KCL, as in its samples: checkpoints each batch and at the end. */
  static final class SampleKclProcessor implements ShardRecordProcessor {
    final List<String> seen = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    RecordProcessorCheckpointer last;
    software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber initializedAt;

    @Override
    public void initialize(InitializationInput input) {
      calls.add("initialize " + input.shardId());
      initializedAt = input.extendedSequenceNumber();
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
      calls.add("processRecords");
      for (KinesisClientRecord r : input.records()) {
        byte[] data = new byte[r.data().remaining()];
        r.data().get(data);
        seen.add(new String(data, StandardCharsets.UTF_8) + "/" + r.subSequenceNumber());
      }
      last = input.checkpointer();
      try {
        KinesisClientRecord r = input.records().get(input.records().size() - 1);
        input.checkpointer().checkpoint(r.sequenceNumber(), r.subSequenceNumber());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
      calls.add("leaseLost");
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
      calls.add("shardEnded");
      try {
        input.checkpointer().checkpoint();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
      calls.add("shutdownRequested");
    }
  }

  @Test
  void runsAKclProcessorUnchangedWithCheckpointsAggregatesAndTheShardEnd() {
    List<SampleKclProcessor> made = new ArrayList<>();
    ProcessorTestDriver driver =
        ProcessorTestDriver.create(
            KclProcessors.adapt(
                () -> {
                  SampleKclProcessor p = new SampleKclProcessor();
                  made.add(p);
                  return p;
                }));
    AggregatedRecordBuilder aggregate = new AggregatedRecordBuilder();
    aggregate.tryAdd("a", null, "u0".getBytes(StandardCharsets.UTF_8));
    aggregate.tryAdd("b", null, "u1".getBytes(StandardCharsets.UTF_8));
    String plain = driver.put("k", "p");
    String agg = driver.put("a", aggregate.build().data(), null);
    driver.deliver();
    SampleKclProcessor first = made.get(0);
    assertThat(first.calls).containsExactly("initialize shardId-000000000000", "processRecords");
    assertThat(first.initializedAt)
        .isEqualTo(software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber.TRIM_HORIZON);
    assertThat(first.seen).containsExactly("p/0", "u0/0", "u1/1");
    assertThat(driver.checkpoint()).isEqualTo(new ExtendedSequenceNumber(agg, 1));
    assertThat(plain).isNotEqualTo(agg);

    driver.restart();
    assertThatThrownBy(() -> first.last.checkpoint()).isInstanceOf(ShutdownException.class);
    assertThat(first.calls).endsWith("leaseLost");
    SampleKclProcessor second = made.get(1);
    assertThat(second.initializedAt)
        .isEqualTo(new software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber(agg, 1L));

    driver.put("k", "q");
    driver.endShard();
    assertThat(second.seen).containsExactly("q/0");
    assertThat(second.calls).endsWith("shardEnded");
    assertThat(driver.checkpoint()).isEqualTo(ExtendedSequenceNumber.SHARD_END);
  }
}
