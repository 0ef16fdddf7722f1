package io.kinesisonkafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.aggregation.AggregatedRecordBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeaggregationIT {
  static TestStreams streams;

  @BeforeAll
  static void start() {
    streams = new TestStreams();
  }

  @AfterAll
  static void stop() {
    streams.close();
  }

  /**
   * Records user records and corrupt ones; checkpoints where {@code at} says; never at shutdown.
   */
  static ShardRecordProcessorFactory processor(
      ConcurrentLinkedQueue<String> seen,
      ConcurrentLinkedQueue<CorruptRecord> corrupt,
      Function<ProcessRecordsInput, KinesisClientRecord> at) {
    return () ->
        new ShardRecordProcessor() {
          @Override
          public void initialize(InitializationInput input) {}

          @Override
          public void processRecords(ProcessRecordsInput input) {
            input
                .records()
                .forEach(r -> seen.add(new String(r.dataBytes(), StandardCharsets.UTF_8)));
            corrupt.addAll(input.corruptRecords());
            KinesisClientRecord r = at.apply(input);
            if (r != null) {
              input.checkpointer().checkpoint(r);
            }
          }

          @Override
          public void leaseLost(LeaseLostInput input) {}

          @Override
          public void shardEnded(ShardEndedInput input) {
            input.checkpointer().checkpoint();
          }

          @Override
          public void shutdownRequested(ShutdownRequestedInput input) {}
        };
  }

  @Test
  void resumesAfterTheUserRecordCheckpointedInsideAnAggregateAndReportsCorruptOnes()
      throws Exception {
    StreamRef stream = streams.create("aggregates", 1);
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();
    for (int i = 0; i < 6; i++) {
      builder.tryAdd("user-" + i, null, ("u" + i).getBytes(StandardCharsets.UTF_8));
    }
    byte[] aggregate = builder.build().data();
    byte[] corrupt = aggregate.clone();
    corrupt[corrupt.length - 3] ^= 0x55;
    streams.putAll(
        stream,
        new java.util.ArrayList<>(
            List.of(
                PutRecordsEntry.of("user-0", aggregate),
                PutRecordsEntry.of("user-0", corrupt),
                PutRecordsEntry.of("plain", "p".getBytes(StandardCharsets.UTF_8)))));

    ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<CorruptRecord> corrupted = new ConcurrentLinkedQueue<>();
    SchedulerConfig config = streams.scheduler("aggregates", "aggregates").build();
    try (Scheduler first =
        Scheduler.start(
            config,
            processor(
                seen,
                corrupted,
                in ->
                    in.records().stream()
                        .filter(r -> r.subSequenceNumber() == 2)
                        .findFirst()
                        .orElse(null)))) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains("p"));
    }
    assertThat(seen).containsExactly("u0", "u1", "u2", "u3", "u4", "u5", "p");
    assertThat(corrupted).singleElement().satisfies(c -> assertThat(c.reason()).contains("MD5"));

    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, streams.bootstrap))) {
      OffsetAndMetadata committed =
          admin
              .listConsumerGroupOffsets(config.applicationName())
              .partitionsToOffsetAndMetadata()
              .get()
              .get(new TopicPartition(streams.namespace + ".aggregates", 0));
      assertThat(committed.offset()).isZero();
      assertThat(committed.metadata()).contains(";u=2").contains(";k");
    }

    seen.clear();
    corrupted.clear();
    try (Scheduler second = Scheduler.start(config, processor(seen, corrupted, in -> null))) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains("p"));
    }
    assertThat(seen).containsExactly("u3", "u4", "u5", "p");
    assertThat(corrupted).hasSize(1);
  }
}
