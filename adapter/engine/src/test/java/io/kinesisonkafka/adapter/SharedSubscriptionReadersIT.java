package io.kinesisonkafka.adapter;

import static io.kinesisonkafka.adapter.testkit.TestEngines.createActive;
import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.model.ConsumerRef;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.ShardIteratorType;
import io.kinesisonkafka.adapter.model.StartingPosition;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.SubscriptionEvent;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions share a few reader threads and Kafka consumers: many subscriptions of one shard at
 * different positions each read every record once and in order, a subscriber that stops asking
 * holds back nobody, and the engine's threads do not grow with the number of subscriptions.
 */
class SharedSubscriptionReadersIT {
  static KinesisEngine engine;

  @BeforeAll
  static void start() {
    engine = KinesisEngine.start(TestEngines.isolated().subscriptionReaders(2).build());
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static List<String> consumers(String stream, int n) {
    String arn = engine.describeStreamSummary(StreamRef.named(stream)).streamArn();
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      arns.add(engine.registerStreamConsumer(arn, "c" + i).consumerArn());
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                arns.stream()
                    .allMatch(
                        a ->
                            engine
                                .describeStreamConsumer(ConsumerRef.arn(a))
                                .consumerStatus()
                                .equals("ACTIVE")));
    return arns;
  }

  private static List<String> put(StreamRef ref, int from, int count) {
    List<PutRecordsEntry> batch = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      batch.add(PutRecordsEntry.of("one-key", ByteBuffer.allocate(4).putInt(i).array()));
    }
    List<String> sequenceNumbers = new ArrayList<>();
    engine.putRecords(ref, batch).records().forEach(r -> sequenceNumbers.add(r.sequenceNumber()));
    return sequenceNumbers;
  }

  /** Reads with nextEvent until {@code expected} records came; the records it got, in order. */
  private static CompletableFuture<List<Integer>> readAll(ShardSubscription sub, int expected) {
    List<Integer> got = new CopyOnWriteArrayList<>();
    CompletableFuture<List<Integer>> done = new CompletableFuture<>();
    new Object() {
      void ask() {
        sub.nextEvent(Duration.ofSeconds(1))
            .whenComplete(
                (SubscriptionEvent e, Throwable t) -> {
                  if (t != null) {
                    done.completeExceptionally(t);
                    return;
                  }
                  for (Record r : e.records()) {
                    got.add(ByteBuffer.wrap(r.data()).getInt());
                  }
                  if (got.size() >= expected) {
                    done.complete(List.copyOf(got));
                  } else {
                    ask();
                  }
                });
      }
    }.ask();
    return done;
  }

  @Test
  void subscriptionsOfOneShardAtDifferentPositionsEachReadEveryRecordOnceInOrder()
      throws Exception {
    StreamRef ref = createActive(engine, "shared-positions", 1);
    List<String> arns = consumers("shared-positions", 5);
    List<String> first = put(ref, 0, 300);
    String shard = "shardId-000000000000";
    List<ShardSubscription> subs =
        List.of(
            engine.subscribeToShard(
                arns.get(0), shard, StartingPosition.of(ShardIteratorType.TRIM_HORIZON)),
            engine.subscribeToShard(
                arns.get(1),
                shard,
                new StartingPosition(ShardIteratorType.AT_SEQUENCE_NUMBER, first.get(100), null)),
            engine.subscribeToShard(
                arns.get(2),
                shard,
                new StartingPosition(
                    ShardIteratorType.AFTER_SEQUENCE_NUMBER, first.get(249), null)),
            engine.subscribeToShard(
                arns.get(3), shard, StartingPosition.of(ShardIteratorType.LATEST)));
    int[] starts = {0, 100, 250, 300};
    List<CompletableFuture<List<Integer>>> reads = new ArrayList<>();
    for (int i = 0; i < subs.size(); i++) {
      reads.add(readAll(subs.get(i), 500 - starts[i]));
    }
    Thread.sleep(500); // the LATEST subscription is positioned at 300 by now
    for (int from = 300; from < 500; from += 50) {
      put(ref, from, 50);
    }
    for (int i = 0; i < subs.size(); i++) {
      List<Integer> got = reads.get(i).get(60, TimeUnit.SECONDS);
      List<Integer> expected = new ArrayList<>();
      for (int v = starts[i]; v < 500; v++) {
        expected.add(v);
      }
      assertThat(got).as("subscription from %d", starts[i]).isEqualTo(expected);
      System.out.printf(
          "subscription from record %d read %d records, in order, no duplicates%n",
          starts[i], got.size());
      subs.get(i).close();
    }
  }

  @Test
  void aSubscriberThatStopsAskingHoldsBackNobody() throws Exception {
    StreamRef ref = createActive(engine, "shared-slow", 1);
    List<String> arns = consumers("shared-slow", 2);
    String shard = "shardId-000000000000";
    try (ShardSubscription slow =
            engine.subscribeToShard(
                arns.get(0), shard, StartingPosition.of(ShardIteratorType.TRIM_HORIZON));
        ShardSubscription fast =
            engine.subscribeToShard(
                arns.get(1), shard, StartingPosition.of(ShardIteratorType.TRIM_HORIZON))) {
      // The slow one takes one event and then stops asking.
      put(ref, 0, 1);
      assertThat(slow.next(Duration.ofSeconds(10)).records()).hasSize(1);
      CompletableFuture<List<Integer>> fastRead = readAll(fast, 401);
      for (int from = 1; from < 401; from += 100) {
        put(ref, from, 100);
        Thread.sleep(200);
      }
      long started = System.nanoTime();
      assertThat(fastRead.get(30, TimeUnit.SECONDS))
          .hasSize(401)
          .doesNotHaveDuplicates()
          .isSorted();
      System.out.printf(
          "fast subscriber read 401 records while the slow one did not ask (%d ms after the"
              + " last put)%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      // The slow one then catches up from where it was, missing nothing.
      List<Integer> rest = readAll(slow, 400).get(30, TimeUnit.SECONDS);
      assertThat(rest).first().isEqualTo(1);
      assertThat(rest).hasSize(400).doesNotHaveDuplicates().isSorted();
    }
  }

  @Test
  void threadsDoNotGrowWithTheNumberOfSubscriptions() throws Exception {
    int shards = 10;
    int consumers = 20;
    StreamRef ref = createActive(engine, "shared-many", shards);
    List<String> arns = consumers("shared-many", consumers);
    int threadsBefore = Thread.activeCount();
    List<ShardSubscription> subs = new ArrayList<>();
    ConcurrentHashMap<Integer, Integer> events = new ConcurrentHashMap<>();
    try {
      for (String arn : arns) {
        for (int s = 0; s < shards; s++) {
          subs.add(
              engine.subscribeToShard(
                  arn,
                  String.format("shardId-%012d", s),
                  StartingPosition.of(ShardIteratorType.LATEST)));
        }
      }
      List<CompletableFuture<SubscriptionEvent>> firstEvents = new ArrayList<>();
      for (ShardSubscription sub : subs) {
        firstEvents.add(sub.nextEvent(Duration.ofSeconds(2)));
      }
      for (int i = 0; i < firstEvents.size(); i++) {
        SubscriptionEvent e = firstEvents.get(i).get(30, TimeUnit.SECONDS);
        assertThat(e.continuationSequenceNumber()).isNotNull();
        events.merge(i, 1, Integer::sum);
      }
      int threadsWith = Thread.activeCount();
      System.out.printf(
          "%d subscriptions each got a heartbeat; threads %d before, %d with them%n",
          subs.size(), threadsBefore, threadsWith);
      assertThat(events).hasSize(subs.size());
      // Before: one thread and one consumer (with its network thread) per subscription.
      assertThat(threadsWith - threadsBefore).isLessThan(20);
    } finally {
      subs.forEach(ShardSubscription::close);
    }
  }
}
