package io.kinesisonkafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import io.kinesisonkafka.connect.testkit.ConnectCluster;
import io.kinesisonkafka.connect.testkit.Kinesis;
import io.kinesisonkafka.connect.testkit.ServedKinesis;
import io.kinesisonkafka.connect.testkit.SharedConnect;
import io.kinesisonkafka.connect.testkit.SourceConfigs;
import io.kinesisonkafka.connect.testkit.Topics;
import io.kinesisonkafka.embedded.SharedKafka;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The source connector on a real distributed Connect cluster (two worker JVMs, exactly-once source
 * support enabled) against this project's server. The worker kill comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceConnectorIT {
  /** Short, so that the fan-out test outlives several subscriptions per shard (AWS: 300 s). */
  private static final int SUBSCRIPTION_LIFETIME_SECONDS = 3;

  @RegisterExtension
  static final ServedKinesis server =
      ServedKinesis.start(
          "connect-source",
          Map.of(Setting.SUBSCRIPTION_LIFETIME_SECONDS, "" + SUBSCRIPTION_LIFETIME_SECONDS),
          TestEngines::fastResharding);

  private static final KinesisClient kinesis = server.client();
  private static final URI endpoint = server.endpoint();
  private static ConnectCluster cluster;

  @BeforeAll
  static void start() {
    cluster = SharedConnect.exactlyOnce();
  }

  private static Map<String, String> source(String stream, String topic) {
    Map<String, String> c = SourceConfigs.source(endpoint, stream, topic);
    c.put("kafka.partitioning", "hash-key");
    c.put("kafka.partitions", "4");
    c.put("topic.creation.default.partitions", "4");
    c.put("kinesis.discovery.interval.ms", "1000");
    c.put("kinesis.parent.check.interval.ms", "500");
    return c;
  }

  @Test
  @Order(1)
  void copiesEveryUserRecordOnceWithHeadersAndAggregatesSplit() {
    String stream = "plain-" + System.nanoTime();
    String topic = "copy-" + stream;
    SdkStreams.createActive(kinesis, stream, 4);
    int written = Kinesis.write(kinesis, stream, 10, 30, 2);
    var answer = cluster.rest().putConnector("src-plain", source(stream, topic));
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);

    List<ConsumerRecord<String, byte[]>> read =
        Topics.read(
            SharedKafka.bootstrapServers(),
            topic,
            Duration.ofSeconds(90),
            r -> r.size() >= written || cluster.rest().failure("src-plain") != null);
    assertThat(cluster.rest().failure("src-plain")).isNull();
    Result result = Result.of(read);
    System.out.printf(
        "copiesEveryUserRecordOnce: written %d, read %d, duplicates %d%n",
        written, read.size(), result.duplicates);
    assertThat(read).hasSize(written);
    result.assertEachKeyInOrder(10, 30);
    ConsumerRecord<String, byte[]> first = read.get(0);
    assertThat(header(first, "kinesis.stream")).isEqualTo(stream);
    assertThat(header(first, "kinesis.shard.id")).startsWith("shardId-");
    assertThat(header(first, "kinesis.sequence.number")).matches("\\d+");
    assertThat(header(first, "kinesis.arrival.timestamp")).matches("\\d+");
    long aggregated =
        read.stream().filter(r -> !"0".equals(header(r, "kinesis.sub.sequence.number"))).count();
    assertThat(aggregated).as("user records with a sub-sequence number > 0").isPositive();
    cluster.rest().delete("src-plain");
  }

  @Test
  @Order(2)
  void copiesEveryRecordOnceInKeyOrderWhileTheStreamIsSplitAndMerged() {
    String stream = "reshard-" + System.nanoTime();
    String topic = "copy-" + stream;
    SdkStreams.createActive(kinesis, stream, 4);
    int keys = 12;
    int written = Kinesis.write(kinesis, stream, keys, 0, 15, 2);
    var answer = cluster.rest().putConnector("src-reshard", source(stream, topic));
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
    written += Kinesis.write(kinesis, stream, keys, 15, 30, 2);
    var shard0 = kinesis.listShards(r -> r.streamName(stream)).shards().get(0).hashKeyRange();
    String middle =
        new java.math.BigInteger(shard0.startingHashKey())
            .add(new java.math.BigInteger(shard0.endingHashKey()))
            .shiftRight(1)
            .toString();
    kinesis.splitShard(
        r -> r.streamName(stream).shardToSplit("shardId-000000000000").newStartingHashKey(middle));
    written += Kinesis.write(kinesis, stream, keys, 30, 45, 2);
    Kinesis.awaitActive(kinesis, stream, Duration.ofSeconds(60));
    written += Kinesis.write(kinesis, stream, keys, 45, 60, 2);
    kinesis.mergeShards(
        r ->
            r.streamName(stream)
                .shardToMerge("shardId-000000000002")
                .adjacentShardToMerge("shardId-000000000003"));
    written += Kinesis.write(kinesis, stream, keys, 60, 75, 2);
    Kinesis.awaitActive(kinesis, stream, Duration.ofSeconds(60));
    written += Kinesis.write(kinesis, stream, keys, 75, 90, 2);
    int total = written;
    List<ConsumerRecord<String, byte[]>> read =
        Topics.read(
            SharedKafka.bootstrapServers(),
            topic,
            Duration.ofSeconds(120),
            r -> r.size() >= total || cluster.rest().failure("src-reshard") != null);
    assertThat(cluster.rest().failure("src-reshard")).isNull();
    Result result = Result.of(read);
    long shards = kinesis.listShards(r -> r.streamName(stream)).shards().size();
    System.out.printf(
        "splitAndMerge: shards %d, written %d, read %d, duplicates %d%n",
        shards, total, read.size(), result.duplicates);
    assertThat(shards).isEqualTo(7);
    assertThat(read).hasSize(total);
    result.assertEachKeyInOrder(keys, 90);
    cluster.rest().delete("src-reshard");
  }

  @Test
  @Order(3)
  void copiesWithEnhancedFanOut() throws Exception {
    String stream = "fanout-" + System.nanoTime();
    String topic = "copy-" + stream;
    SdkStreams.createActive(kinesis, stream, 2);
    int keys = 8;
    int written = Kinesis.write(kinesis, stream, keys, 0, 20, 2);
    double subscribedBefore = subscriptions();
    Map<String, String> config = source(stream, topic);
    config.put("kinesis.reader", "fanout");
    config.put("kinesis.consumer.name", "connect-it");
    var answer = cluster.rest().putConnector("src-fanout", config);
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
    awaitRunning("src-fanout", 2);
    // Written over three subscription lifetimes: each shard's subscription ends (as AWS ends one
    // every 5 minutes) at least twice while records arrive, and the copy must go on after each end
    // without losing or repeating a record.
    long writing = System.nanoTime();
    for (int from = 20; from < 40; from += 5) {
      written += Kinesis.write(kinesis, stream, keys, from, from + 5, 2);
      Thread.sleep(SUBSCRIPTION_LIFETIME_SECONDS * 1000L * 3 / 4);
    }
    Duration spanned = Duration.ofNanos(System.nanoTime() - writing);
    assertThat(spanned).isGreaterThan(Duration.ofSeconds(2L * SUBSCRIPTION_LIFETIME_SECONDS));
    int total = written;
    List<ConsumerRecord<String, byte[]>> read =
        Topics.read(
            SharedKafka.bootstrapServers(),
            topic,
            Duration.ofSeconds(90),
            r -> r.size() >= total || cluster.rest().failure("src-fanout") != null);
    assertThat(cluster.rest().failure("src-fanout")).isNull();
    double subscribed = subscriptions() - subscribedBefore;
    Result result = Result.of(read);
    String streamArn =
        kinesis
            .describeStreamSummary(r -> r.streamName(stream))
            .streamDescriptionSummary()
            .streamARN();
    var consumers = kinesis.listStreamConsumers(r -> r.streamARN(streamArn)).consumers();
    System.out.printf(
        "fanOut: written %d over %d ms (subscriptions last %d s, %.0f taken), read %d,"
            + " duplicates %d, consumers %s%n",
        total,
        spanned.toMillis(),
        SUBSCRIPTION_LIFETIME_SECONDS,
        subscribed,
        read.size(),
        result.duplicates,
        consumers.stream().map(c -> c.consumerName()).toList());
    assertThat(consumers).extracting(c -> c.consumerName()).contains("connect-it");
    // Two shards, each subscribed to anew after at least two ends.
    assertThat(subscribed).isGreaterThanOrEqualTo(6);
    assertThat(read).hasSize(total);
    result.assertEachKeyInOrder(keys, 40);
    cluster.rest().delete("src-fanout");
  }

  @Test
  @Order(4)
  void latestSkipsWhatWasPutBeforeTheTasksTookTheirIterators() {
    String stream = "latest-" + System.nanoTime();
    String topic = "copy-" + stream;
    SdkStreams.createActive(kinesis, stream, 2);
    int keys = 6;
    int before = Kinesis.write(kinesis, stream, keys, 1000, 1010, 0);
    Map<String, String> config = source(stream, topic);
    config.put("kinesis.position", "LATEST");
    var answer = cluster.rest().putConnector("src-latest", config);
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
    awaitRunning("src-latest", 2);
    // A task takes its shards' iterators after it runs: markers into every shard until one of
    // each comes through, so that every shard's LATEST iterator was taken before what follows.
    awaitMarkerInEveryShard(stream, topic, "src-latest");
    int total = Kinesis.write(kinesis, stream, keys, 0, 30, 0);
    List<ConsumerRecord<String, byte[]>> read = readCopies(topic, total, "src-latest");
    Result result = Result.of(read);
    System.out.printf(
        "latest: put before %d, after %d, read %d, duplicates %d%n",
        before, total, read.size(), result.duplicates);
    assertThat(read).hasSize(total);
    result.assertEachKeyInOrder(keys, 30);
    cluster.rest().delete("src-latest");
  }

  @Test
  @Order(5)
  void atTimestampStartsAtTheFirstRecordPutAtOrAfterIt() throws InterruptedException {
    String stream = "at-ts-" + System.nanoTime();
    String topic = "copy-" + stream;
    SdkStreams.createActive(kinesis, stream, 2);
    int keys = 6;
    int before = Kinesis.write(kinesis, stream, keys, 1000, 1010, 2);
    Thread.sleep(1500);
    java.time.Instant at = java.time.Instant.now();
    Thread.sleep(1500);
    int total = Kinesis.write(kinesis, stream, keys, 0, 15, 2);
    Map<String, String> config = source(stream, topic);
    config.put("kinesis.position", "AT_TIMESTAMP");
    config.put("kinesis.position.timestamp", at.toString());
    var answer = cluster.rest().putConnector("src-at-ts", config);
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
    awaitRunning("src-at-ts", 2);
    total += Kinesis.write(kinesis, stream, keys, 15, 30, 2);
    List<ConsumerRecord<String, byte[]>> read = readCopies(topic, total, "src-at-ts");
    Result result = Result.of(read);
    System.out.printf(
        "atTimestamp %s: put before %d, after %d, read %d, duplicates %d%n",
        at, before, total, read.size(), result.duplicates);
    assertThat(read).hasSize(total);
    result.assertEachKeyInOrder(keys, 30);
    assertThat(read).allSatisfy(r -> assertThat(r.timestamp()).isGreaterThan(at.toEpochMilli()));
    cluster.rest().delete("src-at-ts");
  }

  @Test
  @Order(6)
  void aStreamPatternCopiesTheMatchingStreamsAndFindsNewOnes() {
    String prefix = "pat-" + System.nanoTime();
    List<String> matching = List.of(prefix + "-a", prefix + "-b");
    String other = "other-" + prefix + "-c";
    String later = prefix + "-d";
    int keys = 4;
    for (String s : List.of(matching.get(0), matching.get(1), other)) {
      SdkStreams.createActive(kinesis, s, 2);
      Kinesis.write(kinesis, s, keys, 0, 20, 2);
    }
    Map<String, String> config = source("", "copy-${stream}");
    config.remove("kinesis.streams");
    config.put("kinesis.stream.pattern", java.util.regex.Pattern.quote(prefix) + "-.*");
    var answer = cluster.rest().putConnector("src-pattern", config);
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
    for (String s : matching) {
      List<ConsumerRecord<String, byte[]>> read = readCopies("copy-" + s, keys * 20, "src-pattern");
      assertThat(read).as(s).hasSize(keys * 20);
      assertThat(read).allSatisfy(r -> assertThat(header(r, "kinesis.stream")).isEqualTo(s));
      Result.of(read).assertEachKeyInOrder(keys, 20);
    }
    SdkStreams.createActive(kinesis, later, 2);
    Kinesis.write(kinesis, later, keys, 0, 20, 2);
    List<ConsumerRecord<String, byte[]>> found =
        readCopies("copy-" + later, keys * 20, "src-pattern");
    List<ConsumerRecord<String, byte[]>> unmatched =
        Topics.read(
            SharedKafka.bootstrapServers(), "copy-" + other, Duration.ofSeconds(3), r -> false);
    System.out.printf(
        "streamPattern: matching %s, found while running %d of %d, unmatched %d%n",
        matching, found.size(), keys * 20, unmatched.size());
    assertThat(found).hasSize(keys * 20);
    Result.of(found).assertEachKeyInOrder(keys, 20);
    assertThat(unmatched).isEmpty();
    cluster.rest().delete("src-pattern");
  }

  /** The topic's copies of numbered records (markers dropped), until {@code total} came. */
  private static List<ConsumerRecord<String, byte[]>> readCopies(
      String topic, int total, String connector) {
    List<ConsumerRecord<String, byte[]>> read =
        Topics.read(
            SharedKafka.bootstrapServers(),
            topic,
            Duration.ofSeconds(90),
            r ->
                r.stream().filter(c -> !isMarker(c)).count() >= total
                    || cluster.rest().failure(connector) != null);
    assertThat(cluster.rest().failure(connector)).isNull();
    return read.stream().filter(c -> !isMarker(c)).toList();
  }

  private static boolean isMarker(ConsumerRecord<String, byte[]> r) {
    return r.key().startsWith("marker-");
  }

  /** Puts a marker into each shard (by its starting hash key) until each shard's one is copied. */
  private static void awaitMarkerInEveryShard(String stream, String topic, String connector) {
    var shards = kinesis.listShards(r -> r.streamName(stream)).shards();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              for (var s : shards) {
                kinesis.putRecord(
                    r ->
                        r.streamName(stream)
                            .partitionKey("marker-" + s.shardId())
                            .explicitHashKey(s.hashKeyRange().startingHashKey())
                            .data(
                                software.amazon.awssdk.core.SdkBytes.fromUtf8String(
                                    "marker-" + s.shardId() + ":0")));
              }
              var read =
                  Topics.read(
                      SharedKafka.bootstrapServers(),
                      topic,
                      Duration.ofSeconds(2),
                      r -> r.stream().filter(SourceConnectorIT::isMarker).count() >= shards.size());
              assertThat(cluster.rest().failure(connector)).isNull();
              return read.stream()
                      .filter(SourceConnectorIT::isMarker)
                      .map(r -> header(r, "kinesis.shard.id"))
                      .distinct()
                      .count()
                  == shards.size();
            });
  }

  @Test
  @Order(7)
  void aWorkerKilledMidStreamLeavesNoDuplicateWithExactlyOnce() throws Exception {
    String stream = "kill-" + System.nanoTime();
    String topic = "copy-" + stream;
    SdkStreams.createActive(kinesis, stream, 4);
    int keys = 10;
    int written = Kinesis.write(kinesis, stream, keys, 0, 100, 3);
    var answer = cluster.rest().putConnector("src-kill", source(stream, topic));
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
    awaitRunning("src-kill", 2);
    Topics.read(
        SharedKafka.bootstrapServers(), topic, Duration.ofSeconds(60), r -> r.size() >= 200);
    var writer =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> Kinesis.write(kinesis, stream, keys, 100, 300, 3));
    Thread.sleep(1000);
    long killedAt = System.nanoTime();
    ConnectCluster.Worker victim = cluster.workers().get(0);
    victim.kill();
    written += writer.get();
    int total = written;
    List<ConsumerRecord<String, byte[]>> read =
        Topics.read(
            SharedKafka.bootstrapServers(), topic, Duration.ofSeconds(120), r -> r.size() >= total);
    double recovery = (System.nanoTime() - killedAt) / 1e9;
    Result result = Result.of(read);
    System.out.printf(
        "killWithExactlyOnce: written %d, read %d, duplicates %d (same Kinesis record %d), all"
            + " read %.1f s after the kill%n",
        total, read.size(), result.duplicates, result.copyDuplicates, recovery);
    assertThat(result.copyDuplicates).isZero();
    assertThat(result.duplicates).isZero();
    assertThat(read).hasSize(total);
    result.assertEachKeyInOrder(keys, 300);
    cluster.rest().delete("src-kill");
    cluster.replace(victim);
  }

  static String header(ConsumerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** What a topic holds, per key: the record numbers in the order read. */
  static final class Result {
    final Map<String, List<Integer>> byKey = new HashMap<>();
    final java.util.Set<String> copies = new java.util.HashSet<>();
    int duplicates;

    /** The same Kinesis user record (shard, sequence, sub-sequence) more than once. */
    int copyDuplicates;

    static Result of(List<ConsumerRecord<String, byte[]>> records) {
      Result r = new Result();
      Map<String, java.util.Set<Integer>> seen = new HashMap<>();
      for (ConsumerRecord<String, byte[]> rec : records) {
        String data = new String(rec.value(), StandardCharsets.UTF_8);
        String key = data.substring(0, data.indexOf(':'));
        int n = Integer.parseInt(data.substring(data.indexOf(':') + 1));
        assertThat(rec.key()).isEqualTo(key);
        if (!seen.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(n)) {
          r.duplicates++;
        }
        String copy =
            header(rec, "kinesis.shard.id")
                + "/"
                + header(rec, "kinesis.sequence.number")
                + "/"
                + header(rec, "kinesis.sub.sequence.number");
        if (!r.copies.add(copy)) {
          r.copyDuplicates++;
        }
        r.byKey.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(n);
      }
      return r;
    }

    int distinct() {
      return byKey.values().stream().mapToInt(ns -> new java.util.HashSet<>(ns).size()).sum();
    }

    /**
     * Each key's records in order once a repeated run is dropped: a task that restarts from its
     * last committed offset repeats a tail it had already written, so the key's numbers go back and
     * then forward again over the same values, never skipping one.
     */
    void assertEachKeyInOrderOnceDuplicatesDropped(int keys, int perKey) {
      assertThat(byKey).hasSize(keys);
      byKey.forEach(
          (k, ns) -> {
            int next = 0;
            for (int n : ns) {
              assertThat(n).as("records of %s: %s", k, ns).isLessThanOrEqualTo(next);
              if (n == next) {
                next++;
              }
            }
            assertThat(next).as("records of %s", k).isEqualTo(perKey);
          });
    }

    void assertEachKeyInOrder(int keys, int perKey) {
      assertThat(byKey).hasSize(keys);
      byKey.forEach(
          (k, ns) ->
              assertThat(ns)
                  .as("records of %s in the order read", k)
                  .isEqualTo(java.util.stream.IntStream.range(0, perKey).boxed().toList()));
    }
  }

  /** SubscribeToShard calls the server answered so far. */
  private static double subscriptions() throws Exception {
    return Kinesis.serverMetric(
        endpoint, "kinesis_api_requests_seconds_count", ".SubscribeToShard\"");
  }

  static void awaitRunning(String name, int tasks) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> cluster.rest().runningTasks(name) >= tasks);
  }
}
