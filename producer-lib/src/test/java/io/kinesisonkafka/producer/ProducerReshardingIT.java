package io.kinesisonkafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.model.HashKeyRange;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.aggregation.Deaggregator;
import io.kinesisonkafka.aggregation.UserRecord;
import io.kinesisonkafka.embedded.SharedKafka;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md section 3 for producer-lib: two producers (one aggregating, one not) write while the
 * stream is split and merged under them; every acknowledged user record is then read exactly once,
 * where its result said, in its key's order along the lineage, and every aggregate holds only user
 * records of its shard's hash key range.
 */
class ProducerReshardingIT {
  private static final int KEYS_PER_PRODUCER = 16;
  private static final int RESHARDS = 6;

  static TestStreams streams;

  @BeforeAll
  static void start() {
    streams = new TestStreams(SharedKafka.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    streams.close();
  }

  record Ack(int counter, CompletableFuture<UserRecordResult> future, long addedNanos) {}

  private static final long T0 = System.nanoTime();

  @Test
  void everyAcknowledgedUserRecordIsReadOnceInKeyOrderThroughSplitsAndMerges() throws Exception {
    StreamRef ref = streams.createActive("resharded", 2);
    Map<String, List<Ack>> acks = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    try (KinesisProducer aggregating = new KinesisProducer(streams.producer().build());
        KinesisProducer plain =
            new KinesisProducer(streams.producer().aggregationEnabled(false).build())) {
      Thread a = writer(aggregating, "agg-", acks, stop);
      Thread p = writer(plain, "plain-", acks, stop);
      for (int i = 0; i < RESHARDS; i++) {
        Thread.sleep(400);
        reshard(ref, i);
        streams.awaitActive("resharded");
      }
      Thread.sleep(400);
      stop.set(true);
      a.join();
      p.join();
      aggregating.flushSync();
      plain.flushSync();
    }

    List<Shard> shards = new ArrayList<>(streams.shards(ref));
    shards.sort(Comparator.comparing(s -> Integer.parseInt(s.shardId().substring(8))));
    assertThat(shards.size()).isGreaterThan(2 + RESHARDS);
    Map<String, List<int[]>> readByKey = new HashMap<>(); // {counter, shard index}
    Map<String, String> where = new HashMap<>(); // key:counter -> shard/sequence/sub
    for (Shard shard : shards) {
      HashKeyRange range = shard.hashKeyRange();
      int index = Integer.parseInt(shard.shardId().substring(8));
      for (Record record : streams.readShard(ref, shard.shardId())) {
        for (UserRecord user : Deaggregator.deaggregate(record.partitionKey(), record.data())) {
          assertThat(range.contains(user.hashKey()))
              .as("user record %s of an aggregate in %s", user.partitionKey(), shard.shardId())
              .isTrue();
          String value = new String(user.data(), StandardCharsets.UTF_8);
          int counter = Integer.parseInt(value.substring(value.indexOf(':') + 1));
          readByKey
              .computeIfAbsent(user.partitionKey(), k -> new ArrayList<>())
              .add(new int[] {counter, index});
          assertThat(
                  where.put(
                      value,
                      shard.shardId()
                          + "/"
                          + record.sequenceNumber()
                          + "/"
                          + user.subSequenceNumber()))
              .as("second copy of %s", value)
              .isNull();
        }
      }
    }

    long acknowledged = 0;
    long failed = 0;
    for (Map.Entry<String, List<Ack>> e : acks.entrySet()) {
      for (Ack ack : e.getValue()) {
        UserRecordResult result = ack.future().handle((r, x) -> r).join();
        if (result == null) {
          failed++;
          continue;
        }
        acknowledged++;
        String value = e.getKey() + ":" + ack.counter();
        assertThat(where.get(value))
            .as("acknowledged %s", value)
            .isEqualTo(
                result.getShardId()
                    + "/"
                    + result.getSequenceNumber()
                    + "/"
                    + result.getSubSequenceNumber());
      }
      List<int[]> read = readByKey.getOrDefault(e.getKey(), List.of());
      for (int i = 1; i < read.size(); i++) {
        int at = i;
        // The one documented exception: a record acknowledged slower than the fast-ack bound that
        // had landed past its shard's end is placed again, behind records added after it.
        if (attemptsOf(e.getValue(), read.get(i - 1)[0]).contains("ShardClosed")
            || attemptsOf(e.getValue(), read.get(i)[0]).contains("ShardClosed")) {
          continue;
        }
        assertThat(read.get(i)[0])
            .as(
                () ->
                    "order of key "
                        + e.getKey()
                        + ": "
                        + read.get(at - 1)[0]
                        + " in shard "
                        + read.get(at - 1)[1]
                        + " before "
                        + read.get(at)[0]
                        + " in shard "
                        + read.get(at)[1]
                        + "; attempts "
                        + attemptsOf(e.getValue(), read.get(at - 1)[0])
                        + " / "
                        + attemptsOf(e.getValue(), read.get(at)[0]))
            .isGreaterThan(read.get(i - 1)[0]);
      }
    }
    assertThat(failed).isZero();
    assertThat(acknowledged).isGreaterThan(1000);
  }

  @Test
  void destroyLeavesNoFuturePendingEvenForRecordsHeldByAReshard() throws Exception {
    StreamRef ref = streams.createActive("destroyed", 1);
    KinesisProducer producer =
        new KinesisProducer(streams.producer().aggregationEnabled(false).build());
    List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
    producer.addUserRecord("destroyed", "warm", new byte[] {1}).join();
    streams.engine.splitShard(
        ref, "shardId-000000000000", BigInteger.ONE.shiftLeft(127).toString());
    long until = System.nanoTime() + 400_000_000L;
    while (System.nanoTime() < until) {
      futures.add(producer.addUserRecord("destroyed", "k" + futures.size(), new byte[] {1}));
      Thread.sleep(1);
    }
    producer.destroy();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .handle((v, e) -> null)
        .get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(futures).allMatch(CompletableFuture::isDone);
  }

  private static String attemptsOf(List<Ack> acks, int counter) {
    return acks.stream()
        .filter(a -> a.counter() == counter)
        .map(
            a ->
                a.future()
                    .handle(
                        (r, x) ->
                            r == null
                                ? "failed"
                                : "added at "
                                    + (a.addedNanos() - T0) / 1_000_000
                                    + " ms, offset "
                                    + r.kafkaOffset()
                                    + " "
                                    + r.getAttempts())
                    .join())
        .findFirst()
        .orElse("?");
  }

  private static Thread writer(
      KinesisProducer producer, String prefix, Map<String, List<Ack>> acks, AtomicBoolean stop) {
    Thread t =
        new Thread(
            () -> {
              int counter = 0;
              while (!stop.get()) {
                for (int k = 0; k < KEYS_PER_PRODUCER; k++) {
                  String key = prefix + k;
                  byte[] value = (key + ":" + counter).getBytes(StandardCharsets.UTF_8);
                  acks.computeIfAbsent(key, x -> new ArrayList<>())
                      .add(
                          new Ack(
                              counter,
                              producer.addUserRecord("resharded", key, value),
                              System.nanoTime()));
                }
                counter++;
                try {
                  Thread.sleep(2);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "writer-" + prefix);
    t.start();
    return t;
  }

  /** Splits the widest open shard in the middle, or merges the first two adjacent open ones. */
  private static void reshard(StreamRef ref, int step) {
    List<Shard> open =
        streams.shards(ref).stream()
            .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
            .sorted(Comparator.comparing(s -> s.hashKeyRange().startingHashKey()))
            .toList();
    if (step % 3 != 2 || open.size() < 2) {
      Shard widest =
          open.stream()
              .max(
                  Comparator.comparing(
                      s ->
                          s.hashKeyRange()
                              .endingHashKey()
                              .subtract(s.hashKeyRange().startingHashKey())))
              .orElseThrow();
      BigInteger middle =
          widest
              .hashKeyRange()
              .startingHashKey()
              .add(widest.hashKeyRange().endingHashKey())
              .shiftRight(1);
      streams.engine.splitShard(ref, widest.shardId(), middle.toString());
    } else {
      streams.engine.mergeShards(ref, open.get(0).shardId(), open.get(1).shardId());
    }
  }
}
