package io.kinesisonkafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.model.StreamRef;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReshardingIT {
  static TestStreams streams;

  @BeforeAll
  static void start() {
    streams = new TestStreams();
  }

  @AfterAll
  static void stop() {
    streams.close();
  }

  @Test
  void processesChildrenOnlyAfterTheirParentsEndedAcrossWorkersThroughSplitsAndMerges()
      throws Exception {
    StreamRef stream = streams.create("lineage", 1);
    Processed processed = new Processed();
    SchedulerConfig a = streams.scheduler("lineage", "lineage").workerId("a").build();
    SchedulerConfig b = SchedulerConfig.from(a).workerId("b").build();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger rounds = new AtomicInteger();
    int keys = 30;
    try (Scheduler first = Scheduler.start(a, processed.factory("a"));
        Scheduler second = Scheduler.start(b, processed.factory("b"))) {
      Thread writer = streams.writer(stream, keys, stop, rounds);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> processed.count() > 100);
      String middle = BigInteger.ONE.shiftLeft(127).toString();
      streams.engine.splitShard(stream, "shardId-000000000000", middle);
      streams.awaitActive("lineage");
      Thread.sleep(500);
      streams.engine.mergeShards(stream, "shardId-000000000001", "shardId-000000000002");
      streams.awaitActive("lineage");
      Thread.sleep(500);
      streams.engine.splitShard(stream, "shardId-000000000003", middle);
      streams.awaitActive("lineage");
      Thread.sleep(500);
      stop.set(true);
      writer.join();
      int total = keys * rounds.get();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  processed.byKey().values().stream()
                          .mapToLong(l -> l.stream().distinct().count())
                          .sum()
                      == total);
    }
    int duplicates = KeyOrder.assertCompleteAndOrdered(processed.byKey(), keys, rounds.get());
    assertThat(duplicates).isZero();
    List<String> events = List.copyOf(processed.events);
    // shard 0 -> 1, 2; 1 + 2 -> 3; 3 -> 4, 5
    assertEndedBeforeStarted(events, "shardId-000000000000", "shardId-000000000001");
    assertEndedBeforeStarted(events, "shardId-000000000000", "shardId-000000000002");
    assertEndedBeforeStarted(events, "shardId-000000000001", "shardId-000000000003");
    assertEndedBeforeStarted(events, "shardId-000000000002", "shardId-000000000003");
    assertEndedBeforeStarted(events, "shardId-000000000003", "shardId-000000000004");
    assertEndedBeforeStarted(events, "shardId-000000000003", "shardId-000000000005");
    assertThat(processed.seen).extracting(Processed.Seen::worker).contains("a", "b");
  }

  private static void assertEndedBeforeStarted(List<String> events, String parent, String child) {
    int ended = -1;
    int started = -1;
    for (int i = 0; i < events.size(); i++) {
      if (ended < 0 && events.get(i).endsWith("shardEnded " + parent)) {
        ended = i;
      }
      if (started < 0 && events.get(i).contains("initialize " + child)) {
        started = i;
      }
    }
    assertThat(ended).as("%s ended in %s", parent, events).isGreaterThanOrEqualTo(0);
    assertThat(started)
        .as("%s started after %s ended: %s", child, parent, events)
        .isGreaterThan(ended);
  }

  @Test
  void aProcessorThatDoesNotCheckpointAtShardEndGetsAnActionableErrorAndItsChildrenWait() {
    StreamRef stream = streams.create("forgetful", 1);
    streams.put(stream, 10, 0, 3);
    ConcurrentLinkedQueue<ConsumerException> errors = new ConcurrentLinkedQueue<>();
    AtomicBoolean fixed = new AtomicBoolean();
    Processed processed = new Processed();
    SchedulerConfig config =
        streams.scheduler("forgetful", "forgetful").errorHandler(errors::add).build();
    ShardRecordProcessorFactory forgetful =
        () ->
            new ShardRecordProcessor() {
              final ShardRecordProcessor inner = processed.factory("a").shardRecordProcessor();

              @Override
              public void initialize(InitializationInput input) {
                inner.initialize(input);
              }

              @Override
              public void processRecords(ProcessRecordsInput input) {
                inner.processRecords(input);
              }

              @Override
              public void leaseLost(LeaseLostInput input) {}

              @Override
              public void shardEnded(ShardEndedInput input) {
                if (fixed.get()) {
                  input.checkpointer().checkpoint();
                }
              }

              @Override
              public void shutdownRequested(ShutdownRequestedInput input) {}
            };
    try (Scheduler scheduler = Scheduler.start(config, forgetful)) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> processed.count() == 30);
      streams.engine.splitShard(
          stream, "shardId-000000000000", BigInteger.ONE.shiftLeft(127).toString());
      streams.awaitActive("forgetful");
      streams.put(stream, 10, 3, 5);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> errors.size() >= 2);
      assertThat(errors.peek())
          .isInstanceOf(ShardEndNotCheckpointedException.class)
          .hasMessageContaining("shardId-000000000000")
          .hasMessageContaining("[shardId-000000000001, shardId-000000000002]")
          .hasMessageContaining("Call input.checkpointer().checkpoint() in shardEnded");
      assertThat(processed.count()).isEqualTo(30);
      fixed.set(true);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> processed.count() == 50);
    }
    KeyOrder.assertCompleteAndOrdered(processed.byKey(), 10, 5);
  }
}
