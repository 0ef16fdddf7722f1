package io.kinesisonkafka.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.producer.KinesisProducer;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import io.kinesisonkafka.producer.UserRecordResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The real KCL (polling) reads what producer-lib wrote straight to Kafka, aggregated in the KPL's
 * format: the KCL's own de-aggregation hands each user record to the processor, across a split, in
 * key order, and a second worker resumes from the checkpoints (the whole {@link KclScenario}).
 */
class KclPollingIT extends KclScenario {
  private final List<KinesisProducer> producers = new ArrayList<>();

  @Override
  String mode() {
    return "polling";
  }

  @Override
  URI kclEndpoint(KinesisEndpoint server) {
    return server.http();
  }

  @Override
  RetrievalConfig retrieval(ConfigsBuilder configs) {
    return configs
        .retrievalConfig()
        .retrievalSpecificConfig(
            new PollingConfig(configs.kinesisClient()).idleTimeBetweenReadsInMillis(250));
  }

  /** Each batch of the scenario goes through producer-lib, aggregated, and is flushed. */
  @Override
  KeyedProducer.Putter putter(KinesisEndpoint server, KinesisClient admin) {
    EngineConfig engine = server.engineConfig();
    KinesisProducer producer =
        new KinesisProducer(
            KinesisProducerConfig.custom()
                .kafkaProperties(engine.kafkaProperties())
                .topicPrefix(engine.topicPrefix())
                .catalogTopic(engine.catalogTopic())
                .recordMaxBufferedTime(Duration.ofMillis(200))
                .noRateLimit()
                .build());
    producers.add(producer);
    return (stream, records) -> {
      List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
      for (Map.Entry<String, String> r : records) {
        futures.add(
            producer.addUserRecord(
                stream, r.getKey(), null, r.getValue().getBytes(StandardCharsets.UTF_8)));
      }
      producer.flushSync();
      long aggregated = futures.stream().filter(f -> f.join().getSubSequenceNumber() > 0).count();
      assertThat(aggregated).as("user records after the first of an aggregate").isPositive();
    };
  }

  @Override
  void assertReadThisWay(KinesisEndpoint server) {
    assertThat(server.requests("GetRecords")).isPositive();
    assertThat(server.requests("PutRecords")).isZero();
    producers.forEach(KinesisProducer::close);
  }
}
