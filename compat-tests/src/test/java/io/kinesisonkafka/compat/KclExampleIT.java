package io.kinesisonkafka.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.consumer.InitialPosition;
import io.kinesisonkafka.consumer.Scheduler;
import io.kinesisonkafka.consumer.SchedulerConfig;
import io.kinesisonkafka.examples.kcl.OrderTotals;
import io.kinesisonkafka.examples.kcl.OrderTotalsOnKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The examples' KCL processor ({@link OrderTotals}), one class, run in the same test on the real
 * KCL 3.x against the Kinesis endpoint (leases in DynamoDB Local) and on consumer-lib straight from
 * Kafka: both see every order.
 */
class KclExampleIT {
  private static final int ORDERS = 300;

  @Test
  void oneKclProcessorRunsOnTheRealKclAndOnConsumerLib() throws Exception {
    try (KinesisEndpoint server = KinesisEndpoint.start("kcl-example");
        DynamoDbLocal dynamoDbLocal = DynamoDbLocal.start();
        KinesisClient admin = AwsClients.kinesis(server.http());
        KinesisAsyncClient kclKinesis = AwsClients.kclKinesis(server.http());
        DynamoDbAsyncClient dynamoDb = AwsClients.dynamoDb(dynamoDbLocal.endpoint());
        CloudWatchAsyncClient cloudWatch = AwsClients.unusedCloudWatch();
        KclWorker.Group workers = new KclWorker.Group()) {
      admin.createStream(r -> r.streamName("orders-kcl").shardCount(2));
      admin.waiter().waitUntilStreamExists(r -> r.streamName("orders-kcl"));
      Map<String, String> expected = new HashMap<>();
      List<PutRecordsRequestEntry> batch = new ArrayList<>();
      for (int i = 0; i < ORDERS; i++) {
        String customer = "customer-" + (i % 9);
        expected.put("o-" + i, customer + ":" + (i % 50 + 1));
        batch.add(
            PutRecordsRequestEntry.builder()
                .partitionKey(customer)
                .data(SdkBytes.fromUtf8String("o-" + i + ":" + (i % 50 + 1)))
                .build());
      }
      assertThat(
              admin.putRecords(r -> r.streamName("orders-kcl").records(batch)).failedRecordCount())
          .isZero();

      Map<String, String> onKcl = new ConcurrentHashMap<>();
      Map<String, String> onKafka = new ConcurrentHashMap<>();
      workers.add(
          KclWorker.start(
              "orders-kcl",
              "kcl-example",
              "kcl-1",
              kclKinesis,
              dynamoDb,
              cloudWatch,
              OrderTotals.factory(onKcl),
              configs ->
                  configs
                      .retrievalConfig()
                      .retrievalSpecificConfig(
                          new PollingConfig(configs.kinesisClient())
                              .idleTimeBetweenReadsInMillis(250))));
      EngineConfig engine = server.engineConfig();
      SchedulerConfig.Builder onConsumerLib =
          SchedulerConfig.custom().applicationName("kcl-example-" + System.nanoTime()).stream(
                  "orders-kcl")
              .bootstrapServers(engine.catalogSettings().bootstrapServers())
              .topicPrefix(engine.topicPrefix())
              .catalogTopic(engine.catalogTopic())
              .initialPosition(InitialPosition.TRIM_HORIZON);
      engine.kafkaProperties().forEach(onConsumerLib::kafkaProperty);
      try (Scheduler scheduler = OrderTotalsOnKafka.start(onConsumerLib, onKafka)) {
        Awaitility.await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> onKcl.size() == ORDERS && onKafka.size() == ORDERS);
      }
      System.out.printf(
          "KclExampleIT: %d orders; the real KCL saw %d, consumer-lib %d%n",
          ORDERS, onKcl.size(), onKafka.size());
      assertThat(onKcl).isEqualTo(expected);
      assertThat(onKafka).isEqualTo(expected);
    }
  }
}
