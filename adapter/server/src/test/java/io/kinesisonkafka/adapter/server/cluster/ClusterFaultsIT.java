package io.kinesisonkafka.adapter.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.cluster.PutLoad.Ack;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import io.kinesisonkafka.embedded.SharedKafka;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The server on a 3-node Kafka cluster (replication factor 3, min.insync.replicas 2 for the streams
 * and the catalog), under PutRecords from several AWS SDK clients, while partition leaders are
 * moved and while a broker is killed with SIGKILL and restarted: during puts, during a split and
 * during SubscribeToShard. Every acknowledged record is read back (GetRecords over every shard,
 * parents then children, or the subscription's events) at the shard and sequence number it was
 * acknowledged with, each key's in acknowledgement order; a record read twice was in a call the SDK
 * retried. Each test prints its figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterFaultsIT {
  private static final int WRITERS = 4;
  private static final int KEYS_PER_WRITER = 8;
  private static final int BATCH = 16;
  private static final Duration PAUSE = Duration.ofMillis(10);
  private static final Duration LEADER_FAILOVER = Duration.ofSeconds(45);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);

  private EmbeddedKafkaCluster cluster;
  private KinesisServer server;
  private KinesisClient kinesis;
  private Leaders leaders;
  private String prefix;
  private String catalogTopic;

  @BeforeAll
  void start() {
    cluster = SharedKafka.threeNodes();
    server =
        TestServers.startOn(
            cluster.bootstrapServers(),
            "cluster",
            Map.of(),
            c -> TestEngines.fastResharding(c).replicationFactor(3));
    prefix = server.engine().config().topicPrefix();
    catalogTopic = server.engine().config().catalogTopic();
    kinesis =
        KinesisClient.builder()
            .endpointOverride(endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials())
            .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
            .build();
    leaders = new Leaders(cluster.bootstrapServers());
  }

  @AfterEach
  void everyNodeRunsAgain() {
    for (int id : cluster.nodeIds()) {
      if (!cluster.isNodeRunning(id)) {
        cluster.startNode(id);
      }
    }
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {kinesis, leaders, server}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing what is left
      }
    }
  }

  @Test
  void everyAcknowledgedRecordIsReadBackInKeyOrderWhileLeadersMove() throws Exception {
    String stream = "moving";
    SdkStreams.createActive(kinesis, stream, 4);
    String topic = prefix + stream;
    try (PutLoad load = load(stream)) {
      load.start();
      awaitAcks(load, 0, 400);
      Map<Integer, Integer> before = leaders.of(topic);
      Map<Integer, Integer> catalogBefore = leaders.of(catalogTopic);
      long moved = System.nanoTime();
      leaders.rotate(List.of(topic, catalogTopic));
      Map<Integer, Integer> after = leaders.of(topic);
      Map<Integer, Integer> catalogAfter = leaders.of(catalogTopic);
      System.out.printf(
          "[ClusterFaultsIT] leaders of %s %s -> %s, of the catalog %s -> %s%n",
          topic, before, after, catalogBefore, catalogAfter);
      assertThat(after).isNotEqualTo(before);
      assertThat(catalogAfter).isNotEqualTo(catalogBefore);
      awaitAcks(load, moved, 400);
      load.stopAndJoin(STOP_TIMEOUT);
      check("leaders moved", stream, load, moved, List.of());
    }
  }

  @Test
  void splitsDuringWhichLeadersMoveOrALeaderIsKilledCompleteAndLoseNothing() throws Exception {
    String stream = "splits";
    SdkStreams.createActive(kinesis, stream, 2);
    String topic = prefix + stream;
    awaitInSync(topic);
    try (PutLoad load = load(stream)) {
      load.start();
      awaitAcks(load, 0, 300);

      // UpdateShardCount 2 -> 4 (shards 0 and 1 split into 2..5) while leadership moves.
      long begun = System.nanoTime();
      CompletableFuture<Void> moving = CompletableFuture.runAsync(() -> moveLeaders(topic));
      kinesis.updateShardCount(
          r -> r.streamName(stream).targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING));
      moving.get(60, TimeUnit.SECONDS);
      long movedMillis = (System.nanoTime() - begun) / 1_000_000;
      SdkStreams.awaitActive(kinesis, stream);
      System.out.printf(
          "[ClusterFaultsIT] UpdateShardCount 2 -> 4 while leaders moved (done %d ms after the"
              + " call): ACTIVE again after %d ms%n",
          movedMillis, (System.nanoTime() - begun) / 1_000_000);
      awaitAcks(load, System.nanoTime(), 200);
      awaitInSync(topic);

      // SplitShard of shard 2 (into 6 and 7), and at once the catalog's leader killed.
      Shard two =
          kinesis.listShards(r -> r.streamName(stream)).shards().stream()
              .filter(s -> s.shardId().equals("shardId-000000000002"))
              .findFirst()
              .orElseThrow();
      BigInteger middle =
          new BigInteger(two.hashKeyRange().startingHashKey())
              .add(new BigInteger(two.hashKeyRange().endingHashKey()))
              .shiftRight(1);
      int victim = leaders.of(catalogTopic).get(0);
      long split = System.nanoTime();
      kinesis.splitShard(
          r ->
              r.streamName(stream)
                  .shardToSplit(two.shardId())
                  .newStartingHashKey(middle.toString()));
      long activeNanos;
      try {
        cluster.killNode(victim);
        System.out.printf(
            "[ClusterFaultsIT] SplitShard accepted, node %d (catalog leader) killed %d ms later%n",
            victim, (System.nanoTime() - split) / 1_000_000);
        SdkStreams.awaitActive(kinesis, stream);
        activeNanos = System.nanoTime() - split;
      } finally {
        cluster.startNode(victim);
      }
      System.out.printf(
          "[ClusterFaultsIT] the split completed %d ms after SplitShard; node %d started again"
              + " %d ms after it%n",
          activeNanos / 1_000_000, victim, (System.nanoTime() - split) / 1_000_000);
      awaitAcks(load, System.nanoTime(), 300);
      load.stopAndJoin(STOP_TIMEOUT);
      ReadBack read =
          check(
              "leaders moved during a split, a node killed during another",
              stream,
              load,
              begun,
              List.of());
      List<Shard> shards = read.shards();
      assertThat(shards).extracting(Shard::shardId).hasSize(8);
      assertThat(
              shards.stream()
                  .filter(s -> s.sequenceNumberRange().endingSequenceNumber() != null)
                  .map(Shard::shardId))
          .as("closed parents")
          .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
      Set<String> acknowledgedIn =
          load.acks().stream().flatMap(List::stream).map(Ack::shardId).collect(Collectors.toSet());
      assertThat(acknowledgedIn)
          .as("shards that acknowledged records")
          .containsAll(
              shards.stream()
                  .map(Shard::shardId)
                  .filter(id -> id.compareTo("shardId-000000000002") > 0)
                  .toList());
    }
  }

  @Test
  void aBrokerKilledDuringPutRecordsAndSubscribeToShardLosesNothing() throws Exception {
    String stream = "killed";
    SdkStreams.createActive(kinesis, stream, 4);
    String topic = prefix + stream;
    awaitInSync(topic);
    try (KinesisAsyncClient async =
        KinesisAsyncClient.builder()
            .endpointOverride(endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials())
            .httpClientBuilder(NettyNioAsyncHttpClient.builder())
            .build()) {
      String streamArn = server.engine().config().streamArn(stream);
      String consumerArn =
          async
              .registerStreamConsumer(r -> r.streamARN(streamArn).consumerName("efo"))
              .join()
              .consumer()
              .consumerARN();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  async
                          .describeStreamConsumer(r -> r.consumerARN(consumerArn))
                          .join()
                          .consumerDescription()
                          .consumerStatus()
                      == ConsumerStatus.ACTIVE);
      List<Resubscriber> subscribers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Resubscriber s = new Resubscriber(async, consumerArn, "shardId-%012d".formatted(i));
        subscribers.add(s);
        s.start();
      }
      try (PutLoad load = impatientLoad(stream)) {
        load.start();
        awaitAcks(load, 0, 300);
        long moved = System.nanoTime();
        moveLeaders(topic);
        awaitAcks(load, moved, 200);
        awaitInSync(topic);
        int victim = victim(topic);
        long killed = killAndRestart(victim, topic);
        awaitAcks(load, System.nanoTime(), 400);
        load.stopAndJoin(STOP_TIMEOUT);
        long acked = load.acknowledged();
        Set<String> ackedIds =
            load.acks().stream().flatMap(List::stream).map(Ack::id).collect(Collectors.toSet());
        long waitFrom = System.nanoTime();
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    subscribers.stream()
                        .flatMap(s -> s.received().stream())
                        .map(ReadBack.Read::id)
                        .collect(Collectors.toSet())
                        .containsAll(ackedIds));
        List<ReadBack.Read> received = new ArrayList<>();
        subscribers.forEach(s -> received.addAll(s.received()));
        ReadBack events = ReadBack.ofRecords(received);
        ReadBack stored =
            check(
                "leaders moved, then node "
                    + victim
                    + " killed during PutRecords (SDK attempt timeout "
                    + ATTEMPT_TIMEOUT.toSeconds()
                    + " s) and SubscribeToShard",
                stream,
                load,
                killed,
                List.of());
        int storedCopies = stored.duplicates().values().stream().mapToInt(i -> i).sum();
        int eventCopies = events.duplicates().values().stream().mapToInt(i -> i).sum();
        System.out.printf(
            "[ClusterFaultsIT] SubscribeToShard: %d records received for %d acknowledged,"
                + " duplicates %d (%d in the stream itself), subscriptions %s, endings %s, longest"
                + " gap between events with records %s ms, all received %d ms after the writers"
                + " stopped%n",
            received.size(),
            acked,
            eventCopies,
            storedCopies,
            subscribers.stream().map(Resubscriber::subscriptions).toList(),
            subscribers.stream().map(Resubscriber::endings).toList(),
            subscribers.stream().map(Resubscriber::longestGapMillis).toList(),
            (System.nanoTime() - waitFrom) / 1_000_000);
        events.assertHolds(load.acks(), load.idsInRetriedCalls());
        assertThat(eventCopies).as("copies a subscription delivered twice").isEqualTo(storedCopies);
      } finally {
        subscribers.forEach(Resubscriber::close);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The catalog's leader if it leads a partition of {@code topic} too, else partition 0's. */
  private int victim(String topic) {
    int catalogLeader = leaders.of(catalogTopic).get(0);
    Map<Integer, Integer> led = leaders.of(topic);
    return led.containsValue(catalogLeader) ? catalogLeader : led.get(0);
  }

  private PutLoad load(String stream) {
    return new PutLoad(endpoint(), stream, WRITERS, KEYS_PER_WRITER, BATCH, PAUSE, null);
  }

  /** Writers whose SDK clients give an attempt up after {@link #ATTEMPT_TIMEOUT} and retry. */
  private PutLoad impatientLoad(String stream) {
    return new PutLoad(endpoint(), stream, WRITERS, KEYS_PER_WRITER, BATCH, PAUSE, ATTEMPT_TIMEOUT);
  }

  /** Moves the leadership of every partition of {@code topic} and of the catalog. */
  private void moveLeaders(String topic) {
    Map<Integer, Integer> before = leaders.of(topic);
    Map<Integer, Integer> catalogBefore = leaders.of(catalogTopic);
    leaders.rotate(List.of(topic, catalogTopic));
    Map<Integer, Integer> after = leaders.of(topic);
    Map<Integer, Integer> catalogAfter = leaders.of(catalogTopic);
    System.out.printf(
        "[ClusterFaultsIT] leaders of %s %s -> %s, of the catalog %s -> %s%n",
        topic, before, after, catalogBefore, catalogAfter);
    assertThat(after).isNotEqualTo(before);
    assertThat(catalogAfter).isNotEqualTo(catalogBefore);
  }

  /**
   * Kills {@code victim}, waits until neither {@code topic} nor the catalog has a partition it
   * leads, and starts it again (also when waiting fails). Returns when it was killed.
   */
  private long killAndRestart(int victim, String topic) {
    Map<Integer, Integer> led = leaders.of(topic);
    boolean catalogLed = leaders.of(catalogTopic).get(0) == victim;
    long killed = System.nanoTime();
    try {
      cluster.killNode(victim);
      leaders.awaitNotLedBy(topic, victim, LEADER_FAILOVER);
      leaders.awaitNotLedBy(catalogTopic, victim, LEADER_FAILOVER);
      System.out.printf(
          "[ClusterFaultsIT] node %d killed (leader of %s partitions %s%s); leadership moved"
              + " after %d ms: %s%n",
          victim,
          topic,
          led.entrySet().stream()
              .filter(e -> e.getValue() == victim)
              .map(Map.Entry::getKey)
              .toList(),
          catalogLed ? " and of the catalog" : "",
          (System.nanoTime() - killed) / 1_000_000,
          leaders.of(topic));
    } finally {
      cluster.startNode(victim);
    }
    System.out.printf(
        "[ClusterFaultsIT] node %d started again %d ms after the kill%n",
        victim, (System.nanoTime() - killed) / 1_000_000);
    return killed;
  }

  private void awaitInSync(String topic) {
    leaders.awaitFullyInSync(catalogTopic, Duration.ofSeconds(60));
    leaders.awaitFullyInSync(topic, Duration.ofSeconds(60));
  }

  private static void awaitAcks(PutLoad load, long afterNanos, int count) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> load.acknowledgedAfter(afterNanos) >= count);
  }

  private ReadBack check(
      String scenario, String stream, PutLoad load, long faultNanos, List<String> notes) {
    ReadBack read = ReadBack.of(kinesis, stream);
    Set<String> acked =
        load.acks().stream().flatMap(List::stream).map(Ack::id).collect(Collectors.toSet());
    long readAcked = read.records().stream().filter(r -> acked.contains(r.id())).count();
    int copies = read.duplicates().values().stream().mapToInt(i -> i).sum();
    System.out.printf(
        "[ClusterFaultsIT] %s: records written %d, acknowledged %d, failed %d (calls failed %d;"
            + " %s), read back %d (%d of them acknowledged) over %d shards, duplicates %d"
            + " (SDK retries %d), longest time without an acknowledgement after the fault %d ms,"
            + " slowest call %d ms%n",
        scenario,
        load.written(),
        load.acknowledged(),
        load.failed(),
        load.failedCalls(),
        load.errorCodes(),
        read.records().size(),
        readAcked,
        read.shards().size(),
        copies,
        load.sdkRetries(),
        load.longestAckGapMillis(faultNanos),
        load.slowestCallMillis());
    if (load.lastError() != null) {
      System.out.println("[ClusterFaultsIT] last call error: " + load.lastError());
    }
    read.assertHolds(load.acks(), load.idsInRetriedCalls());
    return read;
  }

  private URI endpoint() {
    return TestServers.http(server);
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET"));
  }
}
