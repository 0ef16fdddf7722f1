package io.kinesisonkafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.aggregation.Deaggregator;
import io.kinesisonkafka.aggregation.UserRecord;
import io.kinesisonkafka.embedded.SharedKafka;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

class KinesisProducerIT {
  static TestStreams streams;

  @BeforeAll
  static void start() {
    streams = new TestStreams(SharedKafka.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    streams.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Shard owner(List<Shard> shards, BigInteger hashKey) {
    return shards.stream()
        .filter(
            s ->
                s.hashKeyRange().startingHashKey().compareTo(hashKey) <= 0
                    && hashKey.compareTo(s.hashKeyRange().endingHashKey()) <= 0)
        .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void putsEachRecordOnTheShardItsKeyRoutesToWithTheSequenceNumberGetRecordsReports() {
    StreamRef ref = streams.createActive("plain", 4);
    List<Shard> shards = streams.shards(ref);
    try (KinesisProducer producer =
        new KinesisProducer(streams.producer().aggregationEnabled(false).build())) {
      List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(producer.addUserRecord("plain", "key-" + i, bytes("value-" + i)));
      }
      String explicit = BigInteger.ONE.shiftLeft(127).add(BigInteger.TEN).toString();
      futures.add(producer.addUserRecord("plain", "any", explicit, bytes("explicit")));
      Map<String, UserRecordResult> bySequence = new HashMap<>();
      for (int i = 0; i < futures.size(); i++) {
        UserRecordResult result = futures.get(i).join();
        BigInteger hashKey =
            i < 200 ? HashKeys.ofPartitionKey("key-" + i) : new BigInteger(explicit);
        assertThat(result.getShardId()).isEqualTo(owner(shards, hashKey).shardId());
        assertThat(result.getSubSequenceNumber()).isZero();
        assertThat(result.getAttempts()).hasSize(1).allMatch(Attempt::isSuccessful);
        bySequence.put(result.getSequenceNumber(), result);
      }
      int read = 0;
      for (Shard shard : shards) {
        for (Record record : streams.readShard(ref, shard.shardId())) {
          assertThat(bySequence).containsKey(record.sequenceNumber());
          assertThat(bySequence.get(record.sequenceNumber()).getShardId())
              .isEqualTo(shard.shardId());
          read++;
        }
      }
      assertThat(read).isEqualTo(201);
      assertThat(producer.getOutstandingRecordsCount()).isZero();
      assertThat(producer.metrics().get("UserRecordsPut").functionCounter().count()).isEqualTo(201);
    }
  }

  @Test
  void theCallbackPathRoutesLikeTheFuturePathAndReportsFailures() throws Exception {
    StreamRef ref = streams.createActive("callback", 4);
    List<Shard> shards = streams.shards(ref);
    try (KinesisProducer producer =
        new KinesisProducer(streams.producer().aggregationEnabled(false).build())) {
      int n = 200;
      java.util.concurrent.ConcurrentLinkedQueue<Object> outcomes =
          new java.util.concurrent.ConcurrentLinkedQueue<>();
      java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(n + 1);
      for (int i = 0; i < n; i++) {
        producer.addUserRecord(
            "callback",
            "key-" + i,
            bytes("value-" + i),
            failure -> {
              outcomes.add(failure == null ? "ok" : failure);
              done.countDown();
            });
      }
      java.util.concurrent.atomic.AtomicReference<UserRecordFailedException> missing =
          new java.util.concurrent.atomic.AtomicReference<>();
      producer.addUserRecord(
          "no-such-stream",
          "k",
          bytes("x"),
          failure -> {
            missing.set(failure);
            done.countDown();
          });
      assertThatThrownBy(() -> producer.addUserRecord("callback", "", bytes("x"), f -> {}))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(done.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(outcomes).hasSize(n).containsOnly("ok");
      assertThat(missing.get()).isNotNull().hasMessageContaining("StreamNotFound");
      assertThat(missing.get().getResult().getAttempts()).hasSize(1);
      int read = 0;
      for (Shard shard : shards) {
        for (Record record : streams.readShard(ref, shard.shardId())) {
          assertThat(owner(shards, HashKeys.ofPartitionKey(record.partitionKey())).shardId())
              .isEqualTo(shard.shardId());
          assertThat(new String(record.data(), StandardCharsets.UTF_8))
              .isEqualTo("value-" + record.partitionKey().substring(4));
          read++;
        }
      }
      assertThat(read).isEqualTo(n);
      assertThat(producer.getOutstandingRecordsCount()).isZero();
      System.out.printf(
          "KinesisProducerIT callback path: %d records acknowledged by callback, %d read back"
              + " from the shards their keys route to; a record for a missing stream failed with"
              + " %s%n",
          outcomes.size(), read, missing.get().getMessage());
    }
  }

  @Test
  void spreadsTheShardsOverAtMostMaxConnectionsKafkaProducers() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", streams.bootstrapServers))) {
      // producer ids the broker saw per partition: one per KafkaProducer (idempotent)
      for (int connections : new int[] {1, 2, 24}) {
        String stream = "connections-" + connections;
        StreamRef ref = streams.createActive(stream, 4);
        try (KinesisProducer producer =
            new KinesisProducer(
                streams.producer().aggregationEnabled(false).maxConnections(connections).build())) {
          List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
          for (int i = 0; i < 400; i++) {
            futures.add(producer.addUserRecord(stream, "key-" + i, bytes("value-" + i)));
          }
          futures.forEach(CompletableFuture::join);
          Map<Integer, Set<Long>> producerIds = producerIds(admin, streams.topic(stream));
          assertThat(producerIds)
              .hasSize(4)
              .allSatisfy((partition, ids) -> assertThat(ids).hasSize(1));
          long distinct = producerIds.values().stream().flatMap(Set::stream).distinct().count();
          assertThat(distinct)
              .as("KafkaProducers with maxConnections %d", connections)
              .isEqualTo(Math.min(connections, 4));
          int read = 0;
          for (Shard shard : streams.shards(ref)) {
            read += streams.readShard(ref, shard.shardId()).size();
          }
          assertThat(read).isEqualTo(400);
        }
      }
    }
  }

  private static Map<Integer, Set<Long>> producerIds(Admin admin, String topic) throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      partitions.add(new TopicPartition(topic, p));
    }
    Map<Integer, Set<Long>> ids = new TreeMap<>();
    admin
        .describeProducers(partitions)
        .all()
        .get()
        .forEach(
            (partition, description) ->
                ids.put(
                    partition.partition(),
                    description.activeProducers().stream()
                        .map(ProducerState::producerId)
                        .collect(Collectors.toSet())));
    return ids;
  }

  @Test
  void aggregatesOnlyRecordsBoundForTheSameShardAndTheKclDeaggregatesThem() {
    StreamRef ref = streams.createActive("aggregated", 3);
    List<Shard> shards = streams.shards(ref);
    Map<String, CompletableFuture<UserRecordResult>> futures = new HashMap<>();
    try (KinesisProducer producer = new KinesisProducer(streams.producer().build())) {
      for (int i = 0; i < 3000; i++) {
        futures.put("k" + i, producer.addUserRecord("aggregated", "k" + i, bytes("v" + i)));
      }
      producer.flushSync();
    }
    int kinesisRecords = 0;
    Map<String, String> seen = new HashMap<>();
    for (Shard shard : shards) {
      for (Record record : streams.readShard(ref, shard.shardId())) {
        kinesisRecords++;
        List<KinesisClientRecord> users =
            new AggregatorUtil()
                .deaggregate(
                    List.of(
                        KinesisClientRecord.builder()
                            .sequenceNumber(record.sequenceNumber())
                            .partitionKey(record.partitionKey())
                            .data(java.nio.ByteBuffer.wrap(record.data()))
                            .build()),
                    shard.hashKeyRange().startingHashKey(),
                    shard.hashKeyRange().endingHashKey());
        for (KinesisClientRecord user : users) {
          byte[] data = new byte[user.data().remaining()];
          user.data().get(data);
          assertThat(new String(data, StandardCharsets.UTF_8))
              .isEqualTo("v" + user.partitionKey().substring(1));
          UserRecordResult result = futures.get(user.partitionKey()).join();
          assertThat(result.getShardId()).isEqualTo(shard.shardId());
          assertThat(result.getSequenceNumber()).isEqualTo(user.sequenceNumber());
          assertThat(result.getSubSequenceNumber()).isEqualTo(user.subSequenceNumber());
          assertThat(seen.put(user.partitionKey(), shard.shardId())).isNull();
        }
        List<UserRecord> ours = Deaggregator.deaggregate(record.partitionKey(), record.data());
        assertThat(ours).hasSize(users.size());
      }
    }
    assertThat(seen).hasSize(3000);
    assertThat(kinesisRecords).isLessThan(100);
  }

  @Test
  void refusesRecordsKinesisWouldRefuseBeforeSendingAnything() {
    streams.createActive("refusals", 1);
    try (KinesisProducer producer = new KinesisProducer(streams.producer().build())) {
      assertThatThrownBy(() -> producer.addUserRecord("refusals", "", bytes("x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("partitionKey");
      assertThatThrownBy(() -> producer.addUserRecord("refusals", "k", "12ab", new byte[1]))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  producer.addUserRecord(
                      "refusals", "k", BigInteger.ONE.shiftLeft(128).toString(), new byte[1]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("explicitHashKey");
      assertThatThrownBy(() -> producer.addUserRecord("refusals", "k", new byte[1 << 20]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1 MiB");
      assertThat(producer.getOutstandingRecordsCount()).isZero();
    }
  }

  @Test
  void failsRecordsForAStreamThatDoesNotExistWithoutRetrying() {
    try (KinesisProducer producer = new KinesisProducer(streams.producer().build())) {
      CompletableFuture<UserRecordResult> future =
          producer.addUserRecord("no-such-stream", "k", bytes("x"));
      assertThatThrownBy(future::join)
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(UserRecordFailedException.class)
          .hasMessageContaining("StreamNotFound");
      UserRecordResult result =
          ((UserRecordFailedException) future.handle((r, e) -> e).join()).getResult();
      assertThat(result.isSuccessful()).isFalse();
      assertThat(result.getAttempts()).hasSize(1);
    }
  }

  @Test
  void throttlesEachShardToItsRateLimitAndRetriesWithBackoff() {
    streams.createActive("throttled", 1);
    KinesisProducerConfig config =
        streams
            .producer()
            .aggregationEnabled(false)
            .shardRecordsPerSecond(10)
            .shardBytesPerSecond(1 << 20)
            .rateLimit(100)
            .initialBackoff(Duration.ofMillis(50))
            .maxBackoff(Duration.ofMillis(400))
            .build();
    try (KinesisProducer producer = new KinesisProducer(config)) {
      long start = System.nanoTime();
      List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        futures.add(producer.addUserRecord("throttled", "k" + i, bytes("v")));
      }
      List<UserRecordResult> results = futures.stream().map(CompletableFuture::join).toList();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // 10 per second: 25 records need the third second at least.
      assertThat(took).isGreaterThan(Duration.ofMillis(1500));
      assertThat(results).anySatisfy(r -> assertThat(r.getAttempts()).hasSizeGreaterThan(1));
      assertThat(results)
          .flatMap(UserRecordResult::getAttempts)
          .filteredOn(a -> !a.isSuccessful())
          .allSatisfy(a -> assertThat(a.getErrorCode()).isEqualTo("Throttled"));
    }
  }

  @Test
  void keepsEachShardsOrderWhileItsRateLimitHoldsRecordsBack() {
    streams.createActive("throttled-order", 2);
    KinesisProducerConfig config =
        streams
            .producer()
            .aggregationEnabled(false)
            .shardRecordsPerSecond(20)
            .rateLimit(100)
            .initialBackoff(Duration.ofMillis(20))
            .maxBackoff(Duration.ofMillis(200))
            .build();
    try (KinesisProducer producer = new KinesisProducer(config)) {
      List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        futures.add(producer.addUserRecord("throttled-order", "k" + i % 8, bytes("v" + i)));
      }
      List<UserRecordResult> results = futures.stream().map(CompletableFuture::join).toList();
      assertThat(results).anySatisfy(r -> assertThat(r.getAttempts()).hasSizeGreaterThan(1));
      // In the order added, each shard's records have rising sequence numbers.
      Map<String, List<BigInteger>> byShard = new HashMap<>();
      for (UserRecordResult r : results) {
        byShard
            .computeIfAbsent(r.getShardId(), k -> new ArrayList<>())
            .add(new BigInteger(r.getSequenceNumber()));
      }
      assertThat(byShard).hasSize(2);
      byShard.forEach((shard, sequenceNumbers) -> assertThat(sequenceNumbers).as(shard).isSorted());
    }
  }

  @Test
  void failsThrottledRecordsAtOnceWhenToldTo() {
    streams.createActive("fail-throttled", 1);
    KinesisProducerConfig config =
        streams
            .producer()
            .aggregationEnabled(false)
            .shardRecordsPerSecond(5)
            .rateLimit(100)
            .failIfThrottled(true)
            .build();
    try (KinesisProducer producer = new KinesisProducer(config)) {
      List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        futures.add(producer.addUserRecord("fail-throttled", "k" + i, bytes("v")));
      }
      long failed = futures.stream().filter(f -> f.handle((r, e) -> e != null).join()).count();
      assertThat(failed).isBetween(10L, 15L);
    }
  }

  @Test
  void failsARecordPastItsTtlWithEveryAttempt() {
    streams.createActive("expiring", 1);
    KinesisProducerConfig config =
        streams
            .producer()
            .aggregationEnabled(false)
            .shardRecordsPerSecond(1)
            .rateLimit(100)
            .recordTtl(Duration.ofMillis(600))
            .initialBackoff(Duration.ofMillis(50))
            .maxBackoff(Duration.ofMillis(100))
            .build();
    try (KinesisProducer producer = new KinesisProducer(config)) {
      producer.addUserRecord("expiring", "first", bytes("v")).join();
      CompletableFuture<UserRecordResult> second =
          producer.addUserRecord("expiring", "second", bytes("v"));
      Throwable error = second.handle((r, e) -> e).join();
      assertThat(error).isInstanceOf(UserRecordFailedException.class);
      List<Attempt> attempts = ((UserRecordFailedException) error).getResult().getAttempts();
      // Throttled, then Expired at once: the shard's allowance refills in about a second, after
      // the TTL, so no try in between could succeed.
      assertThat(attempts.size()).isGreaterThanOrEqualTo(2);
      assertThat(attempts.get(attempts.size() - 1).getErrorCode()).isEqualTo("Expired");
      assertThat(attempts.subList(0, attempts.size() - 1))
          .allSatisfy(a -> assertThat(a.getErrorCode()).isEqualTo("Throttled"));
    }
  }

  @Test
  void failsFastWhenTheOutstandingBoundIsReachedAndToldNotToBlock() {
    streams.createActive("bounded", 1);
    KinesisProducerConfig config =
        streams
            .producer()
            .aggregationEnabled(false)
            .shardRecordsPerSecond(2)
            .rateLimit(100)
            .maxOutstandingBytes(10_000)
            .whenFull(KinesisProducerConfig.WhenFull.FAIL)
            .build();
    try (KinesisProducer producer = new KinesisProducer(config)) {
      List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        futures.add(producer.addUserRecord("bounded", "k" + i, new byte[3000]));
      }
      assertThat(producer.getOutstandingBytes()).isLessThanOrEqualTo(10_000);
      assertThat(futures.subList(4, 10))
          .allSatisfy(
              f -> assertThat(f.handle((r, e) -> e.getMessage()).join()).contains("BufferFull"));
      producer.destroy();
    }
  }

  /**
   * At the outstanding bound no more records can join the batches that wait for company (Kafka's
   * linger of RecordMaxBufferedTime, open aggregates), so they must go at once: before, every
   * bound's worth of records waited out RecordMaxBufferedTime (2 minutes here).
   */
  @ParameterizedTest(name = "aggregation {0}")
  @ValueSource(booleans = {false, true})
  void aCallerBlockedAtTheOutstandingBoundDoesNotWaitOutRecordMaxBufferedTime(boolean aggregation)
      throws Exception {
    String stream = "full-" + aggregation;
    streams.createActive(stream, 4);
    KinesisProducerConfig config =
        streams
            .producer()
            .aggregationEnabled(aggregation)
            // Aggregates that outgrow the bound: only the timer or the bound seals them.
            .aggregationMaxSize(1 << 20)
            .aggregationMaxCount(Integer.MAX_VALUE)
            .recordMaxBufferedTime(Duration.ofMinutes(2))
            .maxOutstandingBytes(1 << 20)
            .whenFull(KinesisProducerConfig.WhenFull.BLOCK)
            .build();
    int records = 20_000; // about seven times the bound at 100 B each
    try (KinesisProducer producer = new KinesisProducer(config)) {
      List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
      CompletableFuture<Void> added =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < records; i++) {
                  futures.add(producer.addUserRecord(stream, "k" + i, new byte[100]));
                }
              });
      added.get(30, TimeUnit.SECONDS);
      // The last bound's worth waits for company, as the KPL's would, until flushed.
      producer.flush();
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      assertThat(producer.getOutstandingRecordsCount()).isZero();
      assertThat(producer.metrics().get("UserRecordsPut").functionCounter().count())
          .isEqualTo(records);
    }
  }
}
