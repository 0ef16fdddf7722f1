package io.kinesisonkafka.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisonkafka.compat.ConsumptionLog.Event;
import io.kinesisonkafka.compat.ConsumptionLog.Initialized;
import io.kinesisonkafka.compat.ConsumptionLog.Processed;
import io.kinesisonkafka.compat.ConsumptionLog.ShardEnded;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.retrieval.RetrievalConfig;

/**
 * The KCL scenario both retrieval modes must pass: a 4-shard stream; records put over 32 keys while
 * a worker consumes; a shard split half-way; then a second worker of the same application takes
 * over from the first while records keep coming.
 *
 * <p>What it checks is what KCL applications rely on: every record is processed; a parent shard is
 * finished (its SHARD_END checkpointed) before its children start; each key's records are processed
 * in the order they were put; and the second worker starts each shard after the checkpoint the
 * first one left, so nothing checkpointed is processed again.
 */
abstract class KclScenario {
  private static final Logger log = LoggerFactory.getLogger(KclScenario.class);

  private static final int SHARDS = 4;
  private static final int KEYS = 32;
  private static final int BEFORE_SPLIT = 1_500;
  private static final int AFTER_SPLIT = 1_500;
  private static final int DURING_HANDOVER = 1_000;
  private static final int AFTER_HANDOVER = 500;
  private static final Duration PAUSE = Duration.ofMillis(50);
  private static final Duration HANDOVER_PAUSE = Duration.ofMillis(300);
  private static final Duration KCL_START = Duration.ofMinutes(2);
  private static final Duration CATCH_UP = Duration.ofMinutes(2);
  private static final Duration STOP = Duration.ofSeconds(60);

  /** A short name for streams and the application: "polling", "fanout". */
  abstract String mode();

  /** The server endpoint the KCL's Kinesis client uses. */
  abstract URI kclEndpoint(KinesisEndpoint server);

  /** The retrieval config under test, made from the builder. */
  abstract RetrievalConfig retrieval(ConfigsBuilder configs);

  /** Checks, from the server's request counts, that the KCL read the way under test. */
  abstract void assertReadThisWay(KinesisEndpoint server);

  /** How the scenario writes its records: PutRecords through the SDK unless overridden. */
  KeyedProducer.Putter putter(KinesisEndpoint server, KinesisClient admin) {
    return KeyedProducer.putRecords(admin);
  }

  @Test
  void processesEveryRecordAcrossASplitInKeyOrderAndASecondWorkerResumesFromTheCheckpoints()
      throws Exception {
    String stream = "kcl-" + mode();
    String application = "compat-kcl-" + mode();
    try (KinesisEndpoint server = KinesisEndpoint.start("kcl-" + mode());
        DynamoDbLocal dynamoDbLocal = DynamoDbLocal.start();
        KinesisClient admin = AwsClients.kinesis(server.http());
        KinesisAsyncClient kclKinesis = AwsClients.kclKinesis(kclEndpoint(server));
        DynamoDbAsyncClient dynamoDb = AwsClients.dynamoDb(dynamoDbLocal.endpoint());
        CloudWatchAsyncClient cloudWatch = AwsClients.unusedCloudWatch();
        KclWorker.Group workers = new KclWorker.Group()) {
      Streams.createActive(admin, stream, SHARDS);
      ConsumptionLog journal = new ConsumptionLog();
      KeyedProducer producer = new KeyedProducer(putter(server, admin), stream, KEYS);
      Function<String, KclWorker> worker =
          id ->
              KclWorker.start(
                  stream,
                  application,
                  id,
                  kclKinesis,
                  dynamoDb,
                  cloudWatch,
                  journal,
                  this::retrieval);

      long started = System.nanoTime();
      KclWorker first = workers.add(worker.apply("worker-1"));
      await()
          .atMost(KCL_START)
          .until(() -> !journal.events(Initialized.class, e -> true).isEmpty());
      log.info("worker-1 initialised a shard after {} ms", millisSince(started));

      producer.put(BEFORE_SPLIT, PAUSE);
      Shard parent = Streams.shards(admin, stream).get(0);
      Streams.splitInHalf(admin, stream, parent);
      producer.put(AFTER_SPLIT, PAUSE);
      await().atMost(CATCH_UP).untilAsserted(() -> assertProcessed(producer.sent(), journal));
      log.info("worker-1 processed the first {} records", producer.sent().size());

      List<Shard> shards = Streams.shards(admin, stream);
      List<Shard> children =
          shards.stream().filter(s -> parent.shardId().equals(s.parentShardId())).toList();
      assertThat(children).as("children of %s", parent.shardId()).hasSize(2);
      assertParentsEndBeforeChildrenStart(shards, journal);

      CompletableFuture<Void> handoverTraffic =
          CompletableFuture.runAsync(() -> producer.put(DURING_HANDOVER, HANDOVER_PAUSE));
      Thread.sleep(500);
      first.stopGracefully(STOP);
      long stopped = journal.next();
      Map<String, String> checkpoints = checkpoints(dynamoDb, application);
      log.info("worker-1 stopped; lease checkpoints {}", checkpoints);
      handoverTraffic.join();

      long restarted = System.nanoTime();
      KclWorker second = workers.add(worker.apply("worker-2"));
      producer.put(AFTER_HANDOVER, PAUSE);
      await()
          .atMost(KCL_START.plus(CATCH_UP))
          .untilAsserted(() -> assertProcessed(producer.sent(), journal));
      log.info("worker-2 caught up {} ms after it started", millisSince(restarted));
      second.stopGracefully(STOP);

      log.info("requests served: {}", server.requests());
      assertReadThisWay(server);
      assertParentsEndBeforeChildrenStart(Streams.shards(admin, stream), journal);
      assertEachKeyInOrder(producer, journal);
      assertResumesAfterCheckpoints(journal, stopped, checkpoints);
    }
  }

  private static void assertProcessed(List<String> sent, ConsumptionLog journal) {
    Set<String> processed = journal.processedData();
    List<String> missing = sent.stream().filter(d -> !processed.contains(d)).toList();
    assertThat(missing).as("records put but not processed (of %s)", sent.size()).isEmpty();
  }

  /** Every child's first callback comes after its parent's SHARD_END checkpoint. */
  private static void assertParentsEndBeforeChildrenStart(
      List<Shard> shards, ConsumptionLog journal) {
    for (Shard child : shards) {
      if (child.parentShardId() == null) {
        continue;
      }
      List<ShardEnded> parentEnds =
          journal.events(ShardEnded.class, e -> e.shardId().equals(child.parentShardId()));
      List<Event> childEvents =
          journal.events().stream().filter(e -> e.shardId().equals(child.shardId())).toList();
      if (childEvents.isEmpty()) {
        continue;
      }
      assertThat(parentEnds)
          .as("SHARD_END checkpoints of parent %s", child.parentShardId())
          .isNotEmpty();
      assertThat(childEvents.get(0).order())
          .as(
              "first event of child %s (%s) after its parent %s ended",
              child.shardId(), childEvents.get(0), child.parentShardId())
          .isGreaterThan(parentEnds.get(0).order());
    }
  }

  /** The first time each record was processed, per key, follows the order it was put in. */
  private static void assertEachKeyInOrder(KeyedProducer producer, ConsumptionLog journal) {
    Map<String, List<String>> firstProcessed = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (Processed p : journal.processed()) {
      if (seen.add(p.data())) {
        firstProcessed.computeIfAbsent(p.partitionKey(), k -> new ArrayList<>()).add(p.data());
      }
    }
    producer
        .sentByKey()
        .forEach(
            (key, sent) ->
                assertThat(firstProcessed.get(key))
                    .as("records of %s in the order they were first processed", key)
                    .containsExactlyElementsOf(sent));
  }

  /**
   * Worker 2 processes, on each shard, only records after the checkpoint worker 1 left, starting at
   * that checkpoint; of the records worker 1 had processed, at most its last batch on a shard comes
   * again.
   */
  private static void assertResumesAfterCheckpoints(
      ConsumptionLog journal, long stopped, Map<String, String> checkpoints) {
    List<Processed> before = journal.events(Processed.class, p -> p.order() < stopped);
    List<Processed> after = journal.events(Processed.class, p -> p.order() > stopped);
    assertThat(after).as("records processed by the second worker").isNotEmpty();
    assertThat(after).extracting(Processed::worker).containsOnly("worker-2");

    Map<String, List<Processed>> afterByShard =
        after.stream().collect(Collectors.groupingBy(Processed::shardId));
    afterByShard.forEach(
        (shardId, records) -> {
          String checkpoint = checkpoints.get(shardId);
          assertThat(checkpoint).as("checkpoint of %s when worker-1 stopped", shardId).isNotNull();
          assertThat(checkpoint).as("checkpoint of %s", shardId).isNotEqualTo("SHARD_END");
          if (!checkpoint.equals("TRIM_HORIZON")) {
            BigInteger after1 = new BigInteger(checkpoint);
            assertThat(records)
                .as("worker-2's records of %s after the checkpoint %s", shardId, checkpoint)
                .allSatisfy(p -> assertThat(p.sequenceNumber()).isGreaterThan(after1));
          }
        });

    Map<String, Initialized> resumed = new HashMap<>();
    journal
        .events(Initialized.class, e -> e.order() > stopped)
        .forEach(e -> resumed.putIfAbsent(e.shardId(), e));
    resumed.forEach(
        (shardId, first) -> {
          String checkpoint = checkpoints.get(shardId);
          if (checkpoint != null) {
            assertThat(first.checkpoint())
                .as("worker-2's starting point on %s", shardId)
                .isEqualTo(checkpoint);
          }
        });

    Map<String, Integer> lastBatch = new HashMap<>();
    before.forEach(p -> lastBatch.merge(p.shardId(), p.batch(), Math::max));
    Set<String> processedBefore = new HashSet<>();
    before.forEach(p -> processedBefore.add(p.data()));
    Map<String, String> shardOf = new HashMap<>();
    before.forEach(p -> shardOf.put(p.data(), p.shardId()));
    Map<String, Integer> batchOf = new HashMap<>();
    before.forEach(p -> batchOf.put(p.data(), p.batch()));
    List<String> again =
        after.stream().map(Processed::data).filter(processedBefore::contains).toList();
    log.info("worker-2 processed {} records worker-1 had processed", again.size());
    assertThat(again)
        .as("records worker-2 processed again, beyond worker-1's last batch on their shard")
        .allSatisfy(d -> assertThat(batchOf.get(d)).isEqualTo(lastBatch.get(shardOf.get(d))));
  }

  /** leaseKey to checkpoint, read from the lease table (named after the application). */
  private static Map<String, String> checkpoints(DynamoDbAsyncClient dynamoDb, String table) {
    Map<String, String> checkpoints = new HashMap<>();
    for (Map<String, AttributeValue> item :
        dynamoDb.scan(r -> r.tableName(table).consistentRead(true)).join().items()) {
      AttributeValue key = item.get("leaseKey");
      AttributeValue checkpoint = item.get("checkpoint");
      if (key != null && checkpoint != null) {
        checkpoints.put(key.s(), checkpoint.s());
      }
    }
    return checkpoints;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
