package io.kinesisonkafka.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import io.kinesisonkafka.embedded.SharedKafka;
import io.kinesisonkafka.examples.analytics.ClicksPerMinute;
import io.kinesisonkafka.examples.kpl.ClickProducer;
import io.kinesisonkafka.examples.sdk.FanOutConsumer;
import io.kinesisonkafka.examples.sdk.OrdersProducer;
import io.kinesisonkafka.examples.sdk.PollingConsumer;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import io.kinesisonkafka.streams.KinesisStreams;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Runs every example against a server on the embedded Kafka, as its README section says. */
class ExamplesIT {
  private static KinesisServer server;
  private static KinesisClient kinesis;

  @BeforeAll
  static void start() {
    server = TestServers.start("examples");
    kinesis = Endpoint.kinesis(TestServers.http(server));
  }

  @AfterAll
  static void stop() {
    kinesis.close();
    server.close();
  }

  @Test
  void theSdkProducerAndBothConsumersWorkWithOnlyTheEndpointChanged() throws Exception {
    OrdersProducer.run(kinesis, "orders", 500);
    List<String> expected = IntStream.range(0, 500).mapToObj(i -> "order-" + i).toList();

    List<String> polled = PollingConsumer.run(kinesis, "orders", 500, Duration.ofSeconds(60));
    List<String> pushed;
    try (KinesisAsyncClient async = Endpoint.kinesisAsync(TestServers.http(server))) {
      pushed = FanOutConsumer.run(async, "orders", "example-efo", 500, Duration.ofSeconds(60));
    }

    assertThat(polled).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(pushed).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theKplProgramPortedToProducerLibWritesAggregatesTheEndpointServes() throws Exception {
    kinesis.createStream(r -> r.streamName("clicks-kpl").shardCount(2));
    kinesis.waiter().waitUntilStreamExists(r -> r.streamName("clicks-kpl"));
    Properties kpl = ClickProducer.kplProperties(SharedKafka.bootstrapServers());
    kpl.setProperty("TopicPrefix", prefix());
    kpl.setProperty("CatalogTopic", catalogTopic());
    long acked = ClickProducer.run(KinesisProducerConfig.fromProperties(kpl), "clicks-kpl", 1000);

    assertThat(acked).isEqualTo(1000);
    // GetRecords hands out the aggregates as they are (as Kinesis does): fewer Kafka records.
    List<Record> raw = readAll("clicks-kpl");
    assertThat(raw).isNotEmpty().hasSizeLessThan(1000);
  }

  @Test
  void theAnalyticsJobCountsClicksPerMinuteIntoAStreamKinesisClientsRead() throws Exception {
    kinesis.createStream(r -> r.streamName("clicks").shardCount(2));
    kinesis.createStream(r -> r.streamName("clicks-per-minute").shardCount(2));
    kinesis.waiter().waitUntilStreamExists(r -> r.streamName("clicks"));
    kinesis.waiter().waitUntilStreamExists(r -> r.streamName("clicks-per-minute"));
    Map<String, Integer> clicks = new HashMap<>();
    List<software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry> batch =
        new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String user = "user-" + (i % 12);
      clicks.merge(user, 1, Integer::sum);
      batch.add(
          software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry.builder()
              .partitionKey(user)
              .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("/page/" + i))
              .build());
    }
    assertThat(kinesis.putRecords(r -> r.streamName("clicks").records(batch)).failedRecordCount())
        .isZero();

    try (KinesisStreams streams = KinesisStreams.open(server.engine().config().catalogSettings());
        KafkaStreams app =
            new KafkaStreams(
                ClicksPerMinute.topology(streams, "clicks", "clicks-per-minute"),
                ClicksPerMinute.properties(
                    SharedKafka.bootstrapServers(),
                    "examples-cpm-" + System.nanoTime(),
                    Files.createTempDirectory("cpm")))) {
      app.start();
      Pattern count = Pattern.compile("\"clicks\":(\\d+)");
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                Map<String, Integer> totals = new HashMap<>();
                for (Shard shard :
                    kinesis.listShards(r -> r.streamName("clicks-per-minute")).shards()) {
                  BigInteger low = new BigInteger(shard.hashKeyRange().startingHashKey());
                  BigInteger high = new BigInteger(shard.hashKeyRange().endingHashKey());
                  Map<String, Map<String, Integer>> lastPerWindow = new HashMap<>();
                  for (Record r : readShard("clicks-per-minute", shard.shardId())) {
                    BigInteger hash = HashKeys.ofPartitionKey(r.partitionKey());
                    assertThat(hash).isBetween(low, high); // at the shard its key routes to
                    String json = r.data().asString(StandardCharsets.UTF_8);
                    Matcher m = count.matcher(json);
                    assertThat(m.find()).isTrue();
                    String window = json.replaceAll(".*\"windowStart\":(\\d+).*", "$1");
                    lastPerWindow
                        .computeIfAbsent(r.partitionKey(), k -> new HashMap<>())
                        .merge(window, Integer.parseInt(m.group(1)), Math::max);
                  }
                  lastPerWindow.forEach(
                      (user, windows) ->
                          totals.put(
                              user, windows.values().stream().mapToInt(Integer::intValue).sum()));
                }
                return totals.equals(clicks);
              });
    }
  }

  @Test
  void theFirehoseDeliveryStreamArchivesTheStreamToGzipFilesThroughItsTransformation()
      throws Exception {
    kinesis.createStream(r -> r.streamName("orders-fh").shardCount(2));
    kinesis.waiter().waitUntilStreamExists(r -> r.streamName("orders-fh"));
    java.nio.file.Path root = Files.createTempDirectory("firehose-example");
    String unique = "fh" + System.nanoTime();
    io.kinesisonkafka.firehose.BridgeConfig.Builder bridge =
        io.kinesisonkafka.firehose.BridgeConfig.custom(SharedKafka.bootstrapServers())
            .catalogTopic("__firehose_catalog_" + unique)
            .topicPrefix("firehose." + unique + ".")
            .groupPrefix("firehose-delivery." + unique + ".")
            .kinesisTopicPrefix(prefix());
    try (io.kinesisonkafka.firehose.FirehoseBridge firehose =
        io.kinesisonkafka.examples.firehose.OrdersToFiles.start(bridge, "orders-fh", root, 1)) {
      List<software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry> batch =
          new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String order = (i % 10 == 0 ? "test-" : "order-") + i;
        batch.add(
            software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry.builder()
                .partitionKey("customer-" + (i % 7))
                .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String(order))
                .build());
      }
      assertThat(
              kinesis.putRecords(r -> r.streamName("orders-fh").records(batch)).failedRecordCount())
          .isZero();
      java.nio.file.Path archive = root.resolve("orders-archive");
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> gunzippedLines(archive).size() >= 90);
      List<String> lines = gunzippedLines(archive);
      assertThat(lines).hasSize(90).allMatch(l -> l.startsWith("ORDER-")).doesNotHaveDuplicates();
    }
  }

  private static List<String> gunzippedLines(java.nio.file.Path dir) throws java.io.IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.exists(dir)) {
      return lines;
    }
    try (var files = Files.walk(dir)) {
      for (java.nio.file.Path f :
          files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".gz")).toList()) {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(f))) {
          for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
              lines.add(line);
            }
          }
        }
      }
    }
    return lines;
  }

  private static String prefix() {
    return server.engine().config().topicPrefix();
  }

  private static String catalogTopic() {
    return server.engine().config().catalogTopic();
  }

  private static List<Record> readAll(String stream) {
    List<Record> all = new ArrayList<>();
    for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
      all.addAll(readShard(stream, shard.shardId()));
    }
    return all;
  }

  private static List<Record> readShard(String stream, String shardId) {
    List<Record> out = new ArrayList<>();
    String it =
        kinesis
            .getShardIterator(
                r ->
                    r.streamName(stream)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    while (it != null) {
      String current = it;
      GetRecordsResponse got = kinesis.getRecords(r -> r.shardIterator(current).limit(10_000));
      out.addAll(got.records());
      if (got.records().isEmpty() && got.millisBehindLatest() == 0) {
        break;
      }
      it = got.nextShardIterator();
    }
    return out;
  }
}
