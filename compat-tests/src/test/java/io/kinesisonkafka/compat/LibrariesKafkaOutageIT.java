package io.kinesisonkafka.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import io.kinesisonkafka.consumer.InitialPosition;
import io.kinesisonkafka.consumer.InitializationInput;
import io.kinesisonkafka.consumer.KinesisClientRecord;
import io.kinesisonkafka.consumer.LeaseLostInput;
import io.kinesisonkafka.consumer.ProcessRecordsInput;
import io.kinesisonkafka.consumer.Scheduler;
import io.kinesisonkafka.consumer.SchedulerConfig;
import io.kinesisonkafka.consumer.ShardEndedInput;
import io.kinesisonkafka.consumer.ShardRecordProcessor;
import io.kinesisonkafka.consumer.ShutdownRequestedInput;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import io.kinesisonkafka.producer.KinesisProducer;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import io.kinesisonkafka.producer.UserRecordResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * producer-lib and consumer-lib through a Kafka outage longer than their clients' timeouts: their
 * own single-node broker killed with SIGKILL for 20 s while a producer writes and a scheduler
 * consumes. Both report waiting (not failed) during it and serving again after it, without being
 * restarted; every record the producer had acknowledged is consumed, before and after.
 */
class LibrariesKafkaOutageIT {
  private static final Duration OUTAGE = Duration.ofSeconds(20);

  @Test
  void theProducerAndTheSchedulerRideOutAnOutage() throws Exception {
    try (EmbeddedKafkaCluster kafka =
        EmbeddedKafkaCluster.builder().nodes(1).startTimeout(Duration.ofMinutes(3)).build()) {
      kafka.start();
      String ns = TestEngines.namespace("lib-outage");
      EngineConfig engineConfig = TestEngines.inNamespace(kafka.bootstrapServers(), ns).build();
      try (KinesisEngine engine = KinesisEngine.start(engineConfig)) {
        TestEngines.createActive(engine, "outage", 2);
      }
      KinesisProducerConfig producerConfig =
          KinesisProducerConfig.custom()
              .bootstrapServers(kafka.bootstrapServers())
              .topicPrefix(TestEngines.topicPrefix(ns))
              .catalogTopic(TestEngines.catalogTopic(ns))
              .catalogFreshness(TestEngines.CATALOG_FRESHNESS)
              .fastAckBound(TestEngines.FAST_ACK_BOUND)
              .recordMaxBufferedTime(Duration.ofMillis(20))
              .recordTtl(Duration.ofSeconds(10))
              .noRateLimit()
              .build();
      SchedulerConfig schedulerConfig =
          SchedulerConfig.custom().applicationName(ns + "-app").stream("outage")
              .bootstrapServers(kafka.bootstrapServers())
              .topicPrefix(TestEngines.topicPrefix(ns))
              .catalogTopic(TestEngines.catalogTopic(ns))
              .initialPosition(InitialPosition.TRIM_HORIZON)
              .idleTimeBetweenReads(Duration.ofMillis(100))
              .failoverTime(Duration.ofSeconds(6))
              .build();
      Set<String> consumed = ConcurrentHashMap.newKeySet();
      Map<String, CompletableFuture<UserRecordResult>> sent = new ConcurrentHashMap<>();
      try (KinesisProducer producer = new KinesisProducer(producerConfig);
          Scheduler scheduler = Scheduler.start(schedulerConfig, () -> new Collector(consumed))) {
        int next = send(producer, sent, 0, 200);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> consumed.size() >= 200);

        kafka.killNode(1);
        long killedAt = System.nanoTime();
        List<Health> producerHealth = new ArrayList<>();
        List<Health> schedulerHealth = new ArrayList<>();
        while (System.nanoTime() - killedAt < OUTAGE.toNanos()) {
          next = send(producer, sent, next, 5);
          producerHealth.add(producer.health());
          schedulerHealth.add(scheduler.health());
          Thread.sleep(500);
        }
        long restartAt = System.nanoTime();
        kafka.startNode(1);
        long brokerBackMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt);
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> producer.health().isServing() && scheduler.health().isServing());
        long healthyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt);
        next = send(producer, sent, next, 200);
        producer.flushSync();
        List<String> acked =
            sent.entrySet().stream()
                .filter(e -> !e.getValue().isCompletedExceptionally())
                .filter(e -> e.getValue().join().isSuccessful())
                .map(Map.Entry::getKey)
                .toList();
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> consumed.containsAll(acked));
        long consumedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt);
        System.out.printf(
            "LibrariesKafkaOutageIT: outage %d s; %d records sent, %d acknowledged, %d failed;"
                + " producer health during it %s, scheduler %s; broker back after %d ms, both"
                + " serving %d ms and every acknowledged record consumed %d ms after the restart;"
                + " %d distinct records consumed%n",
            OUTAGE.toSeconds(),
            sent.size(),
            acked.size(),
            sent.size() - acked.size(),
            statuses(producerHealth),
            statuses(schedulerHealth),
            brokerBackMs,
            healthyMs,
            consumedMs,
            consumed.size());
        assertThat(statuses(producerHealth)).contains(Health.Status.WAITING);
        assertThat(statuses(schedulerHealth)).contains(Health.Status.WAITING);
        assertThat(statuses(producerHealth)).doesNotContain(Health.Status.FAILED);
        assertThat(statuses(schedulerHealth)).doesNotContain(Health.Status.FAILED);
        assertThat(acked).hasSizeGreaterThanOrEqualTo(400);
        assertThat(consumed).containsAll(acked);
      }
    }
  }

  private static Set<Health.Status> statuses(List<Health> healths) {
    return healths.stream().map(Health::status).collect(java.util.stream.Collectors.toSet());
  }

  private static int send(
      KinesisProducer producer,
      Map<String, CompletableFuture<UserRecordResult>> sent,
      int from,
      int count) {
    for (int i = from; i < from + count; i++) {
      String data = "record-" + i;
      sent.put(
          data,
          producer.addUserRecord(
              "outage", "key-" + (i % 17), data.getBytes(StandardCharsets.UTF_8)));
    }
    return from + count;
  }

  /** Remembers every record's data; checkpoints each batch, ignoring failed checkpoints. */
  private static final class Collector implements ShardRecordProcessor {
    private final Set<String> consumed;

    Collector(Set<String> consumed) {
      this.consumed = consumed;
    }

    @Override
    public void initialize(InitializationInput input) {}

    @Override
    public void processRecords(ProcessRecordsInput input) {
      for (KinesisClientRecord r : input.records()) {
        consumed.add(StandardCharsets.UTF_8.decode(r.data()).toString());
      }
      try {
        input.checkpointer().checkpoint();
      } catch (RuntimeException e) {
        // Kafka unreachable: the next batch's checkpoint covers this one
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
  }
}
