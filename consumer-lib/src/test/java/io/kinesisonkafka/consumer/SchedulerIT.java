package io.kinesisonkafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.model.StreamRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchedulerIT {
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
  void processesEveryRecordInKeyOrderAndResumesAfterItsCheckpoints() throws Exception {
    StreamRef stream = streams.create("resume", 3);
    streams.put(stream, 20, 0, 10);
    Processed processed = new Processed();
    SchedulerConfig config = streams.scheduler("resume", "resume").build();
    try (Scheduler scheduler = Scheduler.start(config, processed.factory("a"))) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> processed.count() == 200);
    }
    streams.put(stream, 20, 10, 15);
    try (Scheduler scheduler = Scheduler.start(config, processed.factory("b"))) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> processed.count() >= 300);
      Thread.sleep(500);
    }
    assertThat(processed.count()).isEqualTo(300);
    Map<String, List<Integer>> byKey = processed.byKey();
    assertThat(byKey).hasSize(20);
    byKey
        .values()
        .forEach(
            v -> assertThat(v).containsExactlyElementsOf(IntStream.range(0, 15).boxed().toList()));
    assertThat(processed.seen)
        .filteredOn(s -> s.value() >= 10)
        .allMatch(s -> s.worker().equals("b"));
    assertThat(processed.events)
        .anyMatch(e -> e.startsWith("b initialize") && !e.contains("TRIM_HORIZON"));

    // kafka-consumer-groups sees an ordinary group with no lag.
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, streams.bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(config.applicationName())
              .partitionsToOffsetAndMetadata()
              .get();
      assertThat(offsets).hasSize(3);
      long committed = offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
      assertThat(committed).isEqualTo(300);
      assertThat(offsets.values()).allMatch(o -> o.metadata().startsWith("kok1;q="));
    }
  }

  @Test
  void aHandedOverLeaseNeverMovesTheCheckpointAgain() throws Exception {
    StreamRef stream = streams.create("fenced", 1);
    streams.put(stream, 5, 0, 2);
    Processed processed = new Processed();
    AtomicReference<RecordProcessorCheckpointer> kept = new AtomicReference<>();
    SchedulerConfig config = streams.scheduler("fenced", "fenced").build();
    Scheduler first =
        Scheduler.start(config, processed.factory("a", input -> kept.set(input.checkpointer())));
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> processed.count() == 10);
    first.close();
    assertThat(processed.events).contains("a shutdownRequested shardId-000000000000");
    assertThatThrownBy(() -> kept.get().checkpoint()).isInstanceOf(ShutdownException.class);

    streams.put(stream, 5, 2, 3);
    try (Scheduler second = Scheduler.start(config, processed.factory("b"))) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> processed.count() == 15);
    }
    assertThat(processed.seen).filteredOn(s -> s.worker().equals("b")).hasSize(5);
  }

  @Test
  void startsAtLatestWhenAskedAndSeesOnlyNewRecords() {
    StreamRef stream = streams.create("latest", 2);
    streams.put(stream, 4, 0, 5);
    Processed processed = new Processed();
    SchedulerConfig config =
        streams.scheduler("latest", "latest").initialPosition(InitialPosition.LATEST).build();
    try (Scheduler scheduler = Scheduler.start(config, processed.factory("a"))) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> processed.events.stream().filter(e -> e.contains("initialize")).count() == 2);
      streams.put(stream, 4, 5, 7);
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> processed.count() == 8);
    }
    assertThat(processed.seen).allMatch(s -> s.value() >= 5);
  }
}
