package io.kinesisonkafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.aggregation.AggregatedRecordBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ProcessorTestDriverTest {

  /** Records what it gets; {@code onBatch} decides how it checkpoints. */
  static final class Scripted implements ShardRecordProcessor {
    static final List<String> seen = new ArrayList<>();
    static final List<InitializationInput> inits = new ArrayList<>();
    static final List<ProcessRecordsInput> batches = new ArrayList<>();
    final Consumer<ProcessRecordsInput> onBatch;
    final boolean checkpointAtEnd;
    RecordProcessorCheckpointer checkpointer;

    Scripted(Consumer<ProcessRecordsInput> onBatch, boolean checkpointAtEnd) {
      this.onBatch = onBatch;
      this.checkpointAtEnd = checkpointAtEnd;
    }

    static void reset() {
      seen.clear();
      inits.clear();
      batches.clear();
    }

    @Override
    public void initialize(InitializationInput input) {
      inits.add(input);
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
      checkpointer = input.checkpointer();
      batches.add(input);
      for (KinesisClientRecord r : input.records()) {
        seen.add(new String(r.dataBytes(), StandardCharsets.UTF_8));
      }
      onBatch.accept(input);
    }

    @Override
    public void leaseLost(LeaseLostInput input) {}

    @Override
    public void shardEnded(ShardEndedInput input) {
      if (checkpointAtEnd) {
        input.checkpointer().checkpoint();
      }
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
      input.checkpointer().checkpoint();
    }
  }

  static ProcessorTestDriver driver(Consumer<ProcessRecordsInput> onBatch) {
    Scripted.reset();
    return ProcessorTestDriver.create(() -> new Scripted(onBatch, true));
  }

  static byte[] aggregate(String... data) {
    AggregatedRecordBuilder b = new AggregatedRecordBuilder();
    for (String d : data) {
      assertThat(b.tryAdd("pk-" + d, null, d.getBytes(StandardCharsets.UTF_8))).isTrue();
    }
    return b.build().data();
  }

  @Test
  void deliversRecordsInOrderAndRecordsEachCheckpoint() {
    ProcessorTestDriver driver = driver(in -> in.checkpointer().checkpoint());
    String first = driver.put("k", "a");
    String second = driver.put("k", "b");
    assertThat(driver.deliver()).isEqualTo(2);
    assertThat(Scripted.seen).containsExactly("a", "b");
    assertThat(Scripted.inits.get(0).extendedSequenceNumber())
        .isEqualTo(ExtendedSequenceNumber.TRIM_HORIZON);
    assertThat(driver.checkpoint()).isEqualTo(new ExtendedSequenceNumber(second, 0));
    assertThat(new ExtendedSequenceNumber(first, 0)).isLessThan(driver.checkpoint());
  }

  @Test
  void resumesAfterTheLastCheckpointWhenTheLeaseMoves() {
    ProcessorTestDriver driver =
        driver(in -> in.checkpointer().checkpoint(in.records().get(0).sequenceNumber()));
    driver.maxRecords(2);
    for (String s : List.of("a", "b", "c", "d")) {
      driver.put("k", s);
    }
    driver.deliver();
    driver.restart();
    driver.deliver();
    // checkpointed at the first record of each batch: "a" and "c"; "d" comes again.
    assertThat(Scripted.seen).containsExactly("a", "b", "c", "d", "d");
    assertThat(Scripted.inits.get(1).extendedSequenceNumber().sequenceNumber())
        .isEqualTo(driver.sequenceNumberAt(2));
  }

  @Test
  void aCheckpointInTheMiddleOfAnAggregateResumesAfterThatUserRecord() {
    List<String> checkpointsAt = new ArrayList<>();
    Scripted.reset();
    ProcessorTestDriver driver =
        ProcessorTestDriver.create(
            () ->
                new Scripted(
                    in -> {
                      if (checkpointsAt.isEmpty()) {
                        KinesisClientRecord r = in.records().get(1);
                        in.checkpointer().checkpoint(r.sequenceNumber(), r.subSequenceNumber());
                        checkpointsAt.add(r.sequenceNumber() + "/" + r.subSequenceNumber());
                      }
                    },
                    true));
    String seq = driver.put("agg", aggregate("u0", "u1", "u2", "u3"), null);
    driver.put("k", "after");
    driver.deliver();
    assertThat(Scripted.seen).containsExactly("u0", "u1", "u2", "u3", "after");
    assertThat(driver.checkpoint()).isEqualTo(new ExtendedSequenceNumber(seq, 1));
    Scripted.seen.clear();
    driver.restart().deliver();
    assertThat(Scripted.seen).containsExactly("u2", "u3", "after");
    assertThat(Scripted.inits.get(1).extendedSequenceNumber())
        .isEqualTo(new ExtendedSequenceNumber(seq, 1));
  }

  @Test
  void reportsACorruptAggregateInsteadOfPassingItOnAsData() {
    ProcessorTestDriver driver = driver(in -> {});
    byte[] corrupt = aggregate("u0", "u1");
    corrupt[corrupt.length - 1] ^= 1;
    String seq = driver.put("agg", corrupt, null);
    driver.put("k", "fine");
    driver.deliver();
    assertThat(Scripted.seen).containsExactly("fine");
    ProcessRecordsInput batch = Scripted.batches.get(0);
    assertThat(batch.corruptRecords()).hasSize(1);
    assertThat(batch.corruptRecords().get(0).sequenceNumber()).isEqualTo(seq);
    assertThat(batch.corruptRecords().get(0).reason()).contains("MD5");
  }

  @Test
  void aProcessorThatDoesNotCheckpointAtShardEndGetsAnActionableError() {
    Scripted.reset();
    ProcessorTestDriver driver = ProcessorTestDriver.create(() -> new Scripted(in -> {}, false));
    driver.put("k", "a");
    assertThatThrownBy(driver::endShard)
        .isInstanceOf(ShardEndNotCheckpointedException.class)
        .hasMessageContaining("input.checkpointer().checkpoint() in shardEnded");
  }

  @Test
  void checkpointsAtShardEndInShardEnded() {
    ProcessorTestDriver driver = driver(in -> {});
    driver.put("k", "a");
    driver.endShard();
    assertThat(driver.checkpoint()).isEqualTo(ExtendedSequenceNumber.SHARD_END);
  }

  @Test
  void refusesCheckpointsAfterTheLeaseIsLost() {
    ProcessorTestDriver driver = driver(in -> {});
    driver.put("k", "a");
    driver.deliver();
    RecordProcessorCheckpointer checkpointer = Scripted.batches.get(0).checkpointer();
    driver.loseLease();
    assertThatThrownBy(checkpointer::checkpoint).isInstanceOf(ShutdownException.class);
    assertThat(driver.checkpoint()).isNull();
  }

  @Test
  void rejectsCheckpointsOfRecordsNotDeliveredOrBeforeTheLastCheckpoint() {
    ProcessorTestDriver driver = driver(in -> {});
    String a = driver.put("k", "a");
    driver.put("k", "b");
    driver.maxRecords(1).deliver();
    RecordProcessorCheckpointer checkpointer = Scripted.batches.get(1).checkpointer();
    String c = driver.put("k", "c");
    assertThatThrownBy(() -> checkpointer.checkpoint(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not delivered");
    checkpointer.checkpoint();
    assertThatThrownBy(() -> checkpointer.checkpoint(a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before the last checkpoint");
  }

  @Test
  void showsAPreparedCheckpointAsPendingToTheNextProcessor() {
    List<PreparedCheckpointer> prepared = new ArrayList<>();
    ProcessorTestDriver driver = driver(in -> prepared.add(in.checkpointer().prepareCheckpoint()));
    String a = driver.put("k", "a");
    driver.deliver();
    assertThat(driver.checkpoint()).isNull();
    driver.restart();
    assertThat(Scripted.inits.get(1).pendingCheckpointSequenceNumber())
        .isEqualTo(new ExtendedSequenceNumber(a, 0));
    assertThat(prepared.get(0).pendingCheckpoint()).isEqualTo(new ExtendedSequenceNumber(a, 0));
  }

  @Test
  void reportsAProcessorExceptionAndGoesOn() {
    ProcessorTestDriver driver =
        driver(
            in -> {
              throw new IllegalStateException("boom");
            });
    driver.put("k", "a");
    driver.deliver();
    assertThat(driver.errors())
        .singleElement()
        .isInstanceOf(ProcessorFailedException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains("processRecords", "boom"));
  }
}
