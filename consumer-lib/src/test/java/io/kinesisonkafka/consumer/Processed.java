package io.kinesisonkafka.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/** What processors of a test saw, in processing order, and a processor that records into it. */
final class Processed {
  record Seen(String worker, String shardId, String key, int value, String sequenceNumber) {}

  final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

  int count() {
    return seen.size();
  }

  /** Values per key, in the order they were processed. */
  Map<String, List<Integer>> byKey() {
    Map<String, List<Integer>> m = new LinkedHashMap<>();
    for (Seen s : seen) {
      m.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s.value());
    }
    return m;
  }

  ShardRecordProcessorFactory factory(String worker) {
    return factory(worker, p -> {});
  }

  ShardRecordProcessorFactory factory(String worker, Consumer<ProcessRecordsInput> afterBatch) {
    return () -> new Recording(worker, afterBatch);
  }

  /** Records every record, checkpoints after every batch and at shard end and hand-over. */
  final class Recording implements ShardRecordProcessor {
    final String worker;
    final Consumer<ProcessRecordsInput> afterBatch;
    String shardId;

    Recording(String worker, Consumer<ProcessRecordsInput> afterBatch) {
      this.worker = worker;
      this.afterBatch = afterBatch;
    }

    @Override
    public void initialize(InitializationInput input) {
      shardId = input.shardId();
      events.add(worker + " initialize " + shardId + " " + input.extendedSequenceNumber());
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
      for (KinesisClientRecord r : input.records()) {
        seen.add(
            new Seen(
                worker,
                shardId,
                r.partitionKey(),
                Integer.parseInt(new String(r.dataBytes(), StandardCharsets.UTF_8)),
                r.sequenceNumber()));
      }
      afterBatch.accept(input);
      try {
        input.checkpointer().checkpoint();
      } catch (ConsumerException e) {
        events.add(worker + " checkpoint failed " + shardId + " " + e.getClass().getSimpleName());
      }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
      events.add(worker + " leaseLost " + shardId);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
      events.add(worker + " shardEnded " + shardId);
      input.checkpointer().checkpoint();
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
      events.add(worker + " shutdownRequested " + shardId);
      input.checkpointer().checkpoint();
    }
  }
}
