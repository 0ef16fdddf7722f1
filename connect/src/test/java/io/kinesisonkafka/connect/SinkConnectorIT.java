package io.kinesisonkafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.aggregation.UserRecord;
import io.kinesisonkafka.connect.testkit.ConnectCluster;
import io.kinesisonkafka.connect.testkit.Kinesis;
import io.kinesisonkafka.connect.testkit.ServedKinesis;
import io.kinesisonkafka.connect.testkit.SharedConnect;
import io.kinesisonkafka.connect.testkit.Topics;
import io.kinesisonkafka.embedded.SharedKafka;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The sink connector on a real distributed Connect cluster (two worker JVMs) against this project's
 * server with its per-shard write limits on (and low), so that the sink is throttled.
 */
class SinkConnectorIT {
  @RegisterExtension
  static final ServedKinesis server =
      ServedKinesis.start(
          "connect-sink",
          Map.of(
              Setting.LIMITS_ENABLED,
              "true",
              Setting.LIMIT_WRITE_RECORDS,
              "100",
              Setting.LIMIT_WRITE_BYTES,
              "1048576"));

  private static final KinesisClient kinesis = server.client();
  private static final URI endpoint = server.endpoint();
  private static ConnectCluster cluster;

  @BeforeAll
  static void start() {
    cluster = SharedConnect.exactlyOnce();
  }

  static Map<String, String> sink(String topic, String stream) {
    Map<String, String> c = new LinkedHashMap<>(Kinesis.access(endpoint));
    c.put("name", "sink-" + stream);
    c.put("connector.class", "io.kinesisonkafka.connect.sink.KinesisSinkConnector");
    c.put("tasks.max", "2");
    c.put("topics", topic);
    c.put("kinesis.stream", stream);
    c.put("kinesis.backoff.initial.ms", "50");
    c.put("kinesis.backoff.max.ms", "1000");
    return c;
  }

  /** A test's topic and the stream its sink writes to. */
  record Route(String topic, String stream) {}

  /** A new topic of {@code partitions} and a new ACTIVE stream of {@code shards}. */
  static Route route(String name, int partitions, int shards) throws Exception {
    long n = System.nanoTime();
    Route route = new Route(name + "-" + n, "sink-" + name + "-" + n);
    createTopic(route.topic(), partitions);
    SdkStreams.createActive(kinesis, route.stream(), shards);
    return route;
  }

  static void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  /** A producer of String keys and byte values on the shared broker. */
  static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Writes {@code perKey} records per key, "key-k:n", with a keyed producer; returns the count. */
  static int produce(String topic, int keys, int perKey) {
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int n = 0; n < perKey; n++) {
        for (int k = 0; k < keys; k++) {
          String key = "key-" + k;
          producer.send(
              new ProducerRecord<>(
                  topic, key, Kinesis.data(key, n).getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
    return keys * perKey;
  }

  static Map<String, List<Integer>> byKey(List<UserRecord> records, int[] duplicates) {
    Map<String, List<Integer>> byKey = new HashMap<>();
    Map<String, Set<Integer>> seen = new HashMap<>();
    for (UserRecord r : records) {
      String data = new String(r.data(), StandardCharsets.UTF_8);
      String key = data.substring(0, data.indexOf(':'));
      assertThat(r.partitionKey()).isEqualTo(key);
      int n = Integer.parseInt(data.substring(data.indexOf(':') + 1));
      if (!seen.computeIfAbsent(key, k -> new HashSet<>()).add(n)) {
        duplicates[0]++;
      }
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
    }
    return byKey;
  }

  static List<UserRecord> awaitRecords(String stream, int count, String connector) {
    List<List<UserRecord>> last = new ArrayList<>(List.of(List.of()));
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              assertThat(cluster.rest().failure(connector)).isNull();
              last.set(0, Kinesis.readAll(kinesis, stream));
              return last.get(0).size() >= count;
            });
    return last.get(0);
  }

  @Test
  void putsEveryRecordOnceInKeyOrderThroughTheServersShardLimits() throws Exception {
    Route route = route("limits", 4, 2);
    String topic = route.topic();
    String stream = route.stream();
    int keys = 20;
    int perKey = 100;
    int produced = produce(topic, keys, perKey);
    long started = System.nanoTime();
    var answer = cluster.rest().putConnector("sink-limits", sink(topic, stream));
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
    List<UserRecord> records = awaitRecords(stream, produced, "sink-limits");
    double seconds = (System.nanoTime() - started) / 1e9;
    int[] duplicates = {0};
    Map<String, List<Integer>> byKey = byKey(records, duplicates);
    double throttled = Kinesis.serverMetric(endpoint, "WriteProvisionedThroughputExceeded");
    System.out.printf(
        "sinkThroughLimits: produced %d, in Kinesis %d, duplicates %d, throttled entries %.0f,"
            + " %.1f s%n",
        produced, records.size(), duplicates[0], throttled, seconds);
    assertThat(throttled).as("the server throttled the sink").isPositive();
    assertThat(records).hasSize(produced);
    assertThat(duplicates[0]).isZero();
    byKey.forEach(
        (k, ns) ->
            assertThat(ns)
                .as("records of %s in Kinesis order", k)
                .isEqualTo(java.util.stream.IntStream.range(0, perKey).boxed().toList()));
    cluster.rest().delete("sink-limits");
  }

  /**
   * Records that fill no PutRecords call go when {@code batch.linger.ms} ends, not at the next
   * offset commit: Connect calls {@code put} again only when records come or a commit is due
   * ({@code offset.flush.interval.ms}, a minute by default, which this worker keeps).
   */
  @Test
  void aPartialCallGoesWhenItsLingerEndsNotAtTheNextOffsetCommit() throws Exception {
    Route route = route("linger", 1, 1);
    String topic = route.topic();
    String stream = route.stream();
    int produced = produce(topic, 3, 10);
    try (ConnectCluster minute =
        ConnectCluster.start(
            "sink-linger-" + ProcessHandle.current().pid(),
            SharedKafka.bootstrapServers(),
            1,
            Map.of("offset.flush.interval.ms", "60000"))) {
      long started = System.nanoTime();
      var answer = minute.rest().putConnector("sink-linger", sink(topic, stream));
      assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> Kinesis.readAll(kinesis, stream).size() >= produced);
      System.out.printf(
          "sinkLinger: %d records in Kinesis %.1f s after the connector was created%n",
          produced, (System.nanoTime() - started) / 1e9);
    }
  }

  @Test
  void aggregatesEachKeysWaitingRecordsAndKeepsTheirOrder() throws Exception {
    Route route = route("agg", 2, 2);
    String topic = route.topic();
    String stream = route.stream();
    int keys = 3;
    int perKey = 400;
    int produced = produce(topic, keys, perKey);
    Map<String, String> config = sink(topic, stream);
    config.put("aggregation.enabled", "true");
    var answer = cluster.rest().putConnector("sink-agg", config);
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
    List<UserRecord> records = awaitRecords(stream, produced, "sink-agg");
    int[] duplicates = {0};
    Map<String, List<Integer>> byKey = byKey(records, duplicates);
    long inAggregates = records.stream().filter(r -> r.subSequenceNumber() > 0).count();
    System.out.printf(
        "sinkAggregation: produced %d, in Kinesis %d user records (%d after the first of an"
            + " aggregate), duplicates %d%n",
        produced, records.size(), inAggregates, duplicates[0]);
    assertThat(records).hasSize(produced);
    assertThat(inAggregates).isGreaterThan(produced / 2);
    byKey.forEach(
        (k, ns) ->
            assertThat(ns)
                .as("records of %s in Kinesis order", k)
                .isEqualTo(java.util.stream.IntStream.range(0, perKey).boxed().toList()));
    cluster.rest().delete("sink-agg");
  }

  @Test
  void recordsKinesisCannotTakeGoToTheDeadLetterTopicAndTheTaskGoesOn() throws Exception {
    Route route = route("dlq", 1, 1);
    String topic = route.topic();
    String stream = route.stream();
    String dlq = "dlq-" + topic;
    try (KafkaProducer<String, byte[]> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, "good", "good:0".getBytes(StandardCharsets.UTF_8)));
      producer.send(new ProducerRecord<>(topic, "k".repeat(257), "x".getBytes()));
      producer.send(new ProducerRecord<>(topic, "big", new byte[5000]));
      producer.send(new ProducerRecord<>(topic, null, "no key".getBytes()));
      producer.send(new ProducerRecord<>(topic, "good", "good:1".getBytes(StandardCharsets.UTF_8)));
    }
    Map<String, String> config = sink(topic, stream);
    config.put("record.max.bytes", "4096");
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", dlq);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    var answer = cluster.rest().putConnector("sink-dlq", config);
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
    List<UserRecord> records = awaitRecords(stream, 2, "sink-dlq");
    var dead =
        Topics.read(
            SharedKafka.bootstrapServers(), dlq, Duration.ofSeconds(60), r -> r.size() >= 3);
    System.out.printf(
        "deadLetters: in Kinesis %d, in the dead-letter topic %d%n", records.size(), dead.size());
    assertThat(records)
        .extracting(r -> new String(r.data(), StandardCharsets.UTF_8))
        .containsExactly("good:0", "good:1");
    assertThat(dead).hasSize(3);
    assertThat(
            dead.stream()
                .map(
                    r ->
                        new String(
                            r.headers().lastHeader("__connect.errors.exception.message").value(),
                            StandardCharsets.UTF_8)))
        .anyMatch(m -> m.contains("256 characters"))
        .anyMatch(m -> m.contains("over the stream's limit of 4096"))
        .anyMatch(m -> m.contains("no partition key"));
    assertThat(cluster.rest().runningTasks("sink-dlq")).isPositive();
    cluster.rest().delete("sink-dlq");
  }

  @Test
  void takesThePartitionKeyFromAFieldOfAJsonValueAndPutsTheValueAsJson() throws Exception {
    Route route = route("json", 1, 1);
    String topic = route.topic();
    String stream = route.stream();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int n = 0; n < 3; n++) {
        String json = "{\"customer\": \"c-" + n + "\", \"n\": " + n + "}";
        producer.send(new ProducerRecord<>(topic, null, json.getBytes(StandardCharsets.UTF_8)));
      }
    }
    Map<String, String> config = sink(topic, stream);
    config.put("tasks.max", "1");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "false");
    config.put("partition.key.from", "field");
    config.put("partition.key.name", "customer");
    var answer = cluster.rest().putConnector("sink-json", config);
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
    List<UserRecord> records = awaitRecords(stream, 3, "sink-json");
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(records).extracting(UserRecord::partitionKey).containsExactly("c-0", "c-1", "c-2");
    for (int n = 0; n < 3; n++) {
      assertThat(json.readTree(records.get(n).data()))
          .isEqualTo(json.readTree("{\"customer\": \"c-" + n + "\", \"n\": " + n + "}"));
    }
    cluster.rest().delete("sink-json");
  }

  @Test
  void validateRefusesBadSettingsWithOneMessagePerField() {
    Map<String, String> bad = sink("t", "no-such-stream");
    bad.put("kinesis.endpoint", "localhost:4567");
    bad.put("batch.max.records", "501");
    bad.put("batch.max.bytes", String.valueOf(6 << 20));
    Map<String, List<String>> errors =
        errors(
            cluster
                .rest()
                .validate("io.kinesisonkafka.connect.sink.KinesisSinkConnector", bad)
                .body());
    System.out.println("validate (malformed): " + errors);
    assertThat(errors).containsKeys("kinesis.endpoint", "batch.max.records", "batch.max.bytes");

    Map<String, List<String>> unknown =
        errors(
            cluster
                .rest()
                .validate(
                    "io.kinesisonkafka.connect.sink.KinesisSinkConnector",
                    sink("t", "no-such-stream"))
                .body());
    System.out.println("validate (unknown stream): " + unknown);
    assertThat(unknown).containsOnlyKeys("kinesis.stream");
    assertThat(unknown.get("kinesis.stream").get(0)).contains("no-such-stream does not exist");

    Map<String, String> source = new LinkedHashMap<>(Kinesis.access(endpoint));
    source.put("connector.class", "io.kinesisonkafka.connect.source.KinesisSourceConnector");
    source.put("name", "source-validate");
    source.put("kinesis.streams", "missing-a");
    source.put("kinesis.position", "SOMEWHERE");
    Map<String, List<String>> sourceErrors =
        errors(
            cluster
                .rest()
                .validate("io.kinesisonkafka.connect.source.KinesisSourceConnector", source)
                .body());
    System.out.println("validate (source): " + sourceErrors);
    assertThat(sourceErrors).containsOnlyKeys("kinesis.position");
    source.put("kinesis.position", "LATEST");
    Map<String, List<String>> missing =
        errors(
            cluster
                .rest()
                .validate("io.kinesisonkafka.connect.source.KinesisSourceConnector", source)
                .body());
    assertThat(missing).containsOnlyKeys("kinesis.streams");
  }

  static Map<String, List<String>> errors(JsonNode validation) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    for (JsonNode c : validation.path("configs")) {
      JsonNode value = c.path("value");
      List<String> messages = new ArrayList<>();
      value.path("errors").forEach(e -> messages.add(e.asText()));
      if (!messages.isEmpty()) {
        errors.put(value.path("name").asText(), messages);
      }
    }
    return errors;
  }
}
