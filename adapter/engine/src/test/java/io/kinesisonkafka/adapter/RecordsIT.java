package io.kinesisonkafka.adapter;

import static io.kinesisonkafka.adapter.testkit.TestEngines.createActive;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.mapping.HashKeySpace;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.ListShardsRequest;
import io.kinesisonkafka.adapter.model.ListStreamsRequest;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.PutRecordsResult;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.ShardIteratorType;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.testkit.MovableClock;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordsIT {
  static MovableClock clock = new MovableClock();
  static KinesisEngine engine;

  @BeforeAll
  static void start() {
    engine = KinesisEngine.start(TestEngines.isolated().clock(clock).build());
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static Consumer<Throwable> code(KinesisErrorCode expected) {
    return e -> assertThat(((KinesisException) e).code()).isEqualTo(expected);
  }

  private static List<Record> readAll(StreamRef ref, String shardId) {
    String it = engine.getShardIterator(GetShardIteratorRequest.trimHorizon(ref, shardId));
    List<Record> all = new ArrayList<>();
    while (true) {
      GetRecordsResult r = engine.getRecords(it, null);
      all.addAll(r.records());
      if (r.records().isEmpty() || r.nextShardIterator() == null) {
        return all;
      }
      it = r.nextShardIterator();
    }
  }

  @Test
  void recordsRouteByMd5OfThePartitionKeyAndReadBackInOrderWithTheirSequenceNumbers() {
    StreamRef ref = createActive(engine, "route", 4);
    List<Shard> shards = engine.listShards(ListShardsRequest.of(ref)).shards();
    List<PutRecordResult> puts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String key = "key-" + (i % 7);
      PutRecordResult r =
          engine.putRecord(ref, PutRecordsEntry.of(key, ("v" + i).getBytes(UTF_8)), null);
      BigInteger hash = HashKeySpace.ofPartitionKey(key);
      Shard owner =
          shards.stream().filter(s -> s.hashKeyRange().contains(hash)).findFirst().orElseThrow();
      assertThat(r.shardId()).isEqualTo(owner.shardId());
      puts.add(r);
    }
    for (Shard shard : shards) {
      List<Record> read = readAll(ref, shard.shardId());
      List<String> expected =
          puts.stream()
              .filter(p -> p.shardId().equals(shard.shardId()))
              .map(PutRecordResult::sequenceNumber)
              .toList();
      assertThat(read).extracting(Record::sequenceNumber).containsExactlyElementsOf(expected);
      List<BigInteger> numbers =
          read.stream().map(r -> new BigInteger(r.sequenceNumber())).toList();
      List<BigInteger> sorted = new ArrayList<>(numbers);
      Collections.sort(sorted);
      assertThat(numbers).isEqualTo(sorted);
    }
  }

  @Test
  void explicitHashKeyOverridesThePartitionKey() {
    StreamRef ref = createActive(engine, "explicit", 2);
    PutRecordResult r =
        engine.putRecord(
            ref,
            new PutRecordsEntry("anything", "x".getBytes(UTF_8), HashKeySpace.MAX.toString()),
            null);
    assertThat(r.shardId()).isEqualTo("shardId-000000000001");
    assertThatThrownBy(
            () ->
                engine.putRecord(
                    ref,
                    new PutRecordsEntry(
                        "k", "x".getBytes(UTF_8), HashKeySpace.MAX.add(BigInteger.ONE).toString()),
                    null))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void putRecordsReportsEachRecordInRequestOrder() {
    StreamRef ref = createActive(engine, "batch", 3);
    List<PutRecordsEntry> batch = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      batch.add(PutRecordsEntry.of("k" + i, new byte[100]));
    }
    PutRecordsResult result = engine.putRecords(ref, batch);
    assertThat(result.failedRecordCount()).isZero();
    assertThat(result.records())
        .hasSize(500)
        .allSatisfy(e -> assertThat(e.sequenceNumber()).isNotNull());
    int total = 0;
    for (Shard s : engine.listShards(ListShardsRequest.of(ref)).shards()) {
      total += readAll(ref, s.shardId()).size();
    }
    assertThat(total).isEqualTo(500);
  }

  @Test
  void badBatchesAreRefusedWholeAndWriteNothing() {
    StreamRef ref = createActive(engine, "refused", 1);
    List<PutRecordsEntry> tooMany = Collections.nCopies(501, PutRecordsEntry.of("k", new byte[1]));
    assertThatThrownBy(() -> engine.putRecords(ref, tooMany))
        .satisfies(code(KinesisErrorCode.VALIDATION));
    assertThatThrownBy(() -> engine.putRecords(ref, List.of()))
        .satisfies(code(KinesisErrorCode.VALIDATION));
    List<PutRecordsEntry> oneTooBig =
        List.of(
            PutRecordsEntry.of("k", new byte[10]), PutRecordsEntry.of("k", new byte[1024 * 1024]));
    assertThatThrownBy(() -> engine.putRecords(ref, oneTooBig))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
    List<PutRecordsEntry> emptyKey = List.of(PutRecordsEntry.of("", new byte[1]));
    assertThatThrownBy(() -> engine.putRecords(ref, emptyKey))
        .satisfies(code(KinesisErrorCode.VALIDATION));
    List<PutRecordsEntry> longKey = List.of(PutRecordsEntry.of("k".repeat(257), new byte[1]));
    assertThatThrownBy(() -> engine.putRecords(ref, longKey))
        .satisfies(code(KinesisErrorCode.VALIDATION));
    List<PutRecordsEntry> tooMuch =
        Collections.nCopies(11, PutRecordsEntry.of("k", new byte[1000 * 1024]));
    assertThatThrownBy(() -> engine.putRecords(ref, tooMuch))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
    assertThat(readAll(ref, "shardId-000000000000")).isEmpty();
  }

  @Test
  void aRecordOfExactlyTheStreamMaximumIsAccepted() {
    StreamRef ref = createActive(engine, "maxsize", 1);
    byte[] data = new byte[1024 * 1024 - 1];
    engine.putRecord(ref, PutRecordsEntry.of("k", data), null);
    assertThat(readAll(ref, "shardId-000000000000").get(0).data()).hasSize(data.length);
  }

  @Test
  void iteratorTypesStartWhereKinesisSays() {
    StreamRef ref = createActive(engine, "iterators", 1);
    String shard = "shardId-000000000000";
    List<PutRecordResult> puts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      puts.add(engine.putRecord(ref, PutRecordsEntry.of("k", ("r" + i).getBytes(UTF_8)), null));
    }
    String at =
        engine.getShardIterator(
            GetShardIteratorRequest.atSequenceNumber(ref, shard, puts.get(2).sequenceNumber()));
    assertThat(engine.getRecords(at, 1).records().get(0).sequenceNumber())
        .isEqualTo(puts.get(2).sequenceNumber());
    String after =
        engine.getShardIterator(
            GetShardIteratorRequest.afterSequenceNumber(ref, shard, puts.get(2).sequenceNumber()));
    assertThat(engine.getRecords(after, 1).records().get(0).sequenceNumber())
        .isEqualTo(puts.get(3).sequenceNumber());
    String latest = engine.getShardIterator(GetShardIteratorRequest.latest(ref, shard));
    GetRecordsResult empty = engine.getRecords(latest, null);
    assertThat(empty.records()).isEmpty();
    assertThat(empty.millisBehindLatest()).isZero();
    PutRecordResult later =
        engine.putRecord(ref, PutRecordsEntry.of("k", "new".getBytes(UTF_8)), null);
    // An answer may come back empty while the record is on its way (as on Kinesis): follow the
    // iterator until something arrives.
    List<Record> next = new ArrayList<>();
    String iterator = empty.nextShardIterator();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (next.isEmpty() && System.nanoTime() < deadline) {
      GetRecordsResult result = engine.getRecords(iterator, null);
      next.addAll(result.records());
      iterator = result.nextShardIterator();
    }
    assertThat(next).extracting(Record::sequenceNumber).containsExactly(later.sequenceNumber());
    Instant past = Instant.now().minus(Duration.ofHours(1));
    String fromPast =
        engine.getShardIterator(GetShardIteratorRequest.atTimestamp(ref, shard, past));
    assertThat(engine.getRecords(fromPast, 1).records().get(0).sequenceNumber())
        .isEqualTo(puts.get(0).sequenceNumber());
  }

  @Test
  void afterTheShardsStartingSequenceNumberComesItsFirstRecord() {
    StreamRef ref = createActive(engine, "startingseq", 1);
    PutRecordResult first = engine.putRecord(ref, PutRecordsEntry.of("k", new byte[1]), null);
    Shard shard = engine.listShards(ListShardsRequest.of(ref)).shards().get(0);
    String starting = shard.sequenceNumberRange().startingSequenceNumber();
    assertThat(new BigInteger(starting)).isLessThan(new BigInteger(first.sequenceNumber()));
    String after =
        engine.getShardIterator(
            GetShardIteratorRequest.afterSequenceNumber(ref, shard.shardId(), starting));
    assertThat(engine.getRecords(after, null).records())
        .extracting(Record::sequenceNumber)
        .containsExactly(first.sequenceNumber());
    String at =
        engine.getShardIterator(
            GetShardIteratorRequest.atSequenceNumber(ref, shard.shardId(), starting));
    assertThat(engine.getRecords(at, null).records()).hasSize(1);
  }

  @Test
  void iteratorErrorsAreTheOnesKinesisClientsExpect() {
    StreamRef ref = createActive(engine, "itererrors", 2);
    PutRecordResult put = engine.putRecord(ref, PutRecordsEntry.of("k", new byte[1]), null);
    String other =
        put.shardId().equals("shardId-000000000000")
            ? "shardId-000000000001"
            : "shardId-000000000000";
    assertThatThrownBy(
            () ->
                engine.getShardIterator(
                    GetShardIteratorRequest.atSequenceNumber(ref, other, put.sequenceNumber())))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(
            () ->
                engine.getShardIterator(
                    GetShardIteratorRequest.atSequenceNumber(ref, put.shardId(), "12345")))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(
            () ->
                engine.getShardIterator(
                    new GetShardIteratorRequest(
                        ref, put.shardId(), ShardIteratorType.AT_SEQUENCE_NUMBER, null, null)))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(
            () ->
                engine.getShardIterator(
                    GetShardIteratorRequest.latest(ref, "shardId-000000000009")))
        .satisfies(code(KinesisErrorCode.RESOURCE_NOT_FOUND));
    assertThatThrownBy(
            () ->
                engine.getShardIterator(
                    GetShardIteratorRequest.atTimestamp(
                        ref, put.shardId(), Instant.now().plus(Duration.ofHours(1)))))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
    String it = engine.getShardIterator(GetShardIteratorRequest.trimHorizon(ref, put.shardId()));
    assertThatThrownBy(() -> engine.getRecords(it.substring(0, it.length() - 2) + "AA", null))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> engine.getRecords(it, 10_001))
        .satisfies(code(KinesisErrorCode.VALIDATION));
    assertThat(engine.getRecords("\"" + it + "\"", null).records()).hasSize(1);
    clock.advance(Duration.ofMinutes(6));
    try {
      assertThatThrownBy(() -> engine.getRecords(it, null))
          .satisfies(code(KinesisErrorCode.EXPIRED_ITERATOR));
    } finally {
      clock.advance(Duration.ofMinutes(-6));
    }
  }

  @Test
  void aSequenceNumberFromADeletedStreamIsRejectedAfterRecreation() {
    StreamRef ref = createActive(engine, "reborn", 1);
    PutRecordResult old = engine.putRecord(ref, PutRecordsEntry.of("k", new byte[1]), null);
    engine.deleteStream(ref, false);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> !engine.listStreams(ListStreamsRequest.all()).streamNames().contains("reborn"));
    createActive(engine, "reborn", 1);
    assertThatThrownBy(
            () ->
                engine.getShardIterator(
                    GetShardIteratorRequest.atSequenceNumber(
                        ref, "shardId-000000000000", old.sequenceNumber())))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void getRecordsHonoursLimitAndReportsMillisBehindLatest() {
    StreamRef ref = createActive(engine, "limit", 1);
    List<PutRecordsEntry> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(PutRecordsEntry.of("k", new byte[10]));
    }
    engine.putRecords(ref, batch);
    String it =
        engine.getShardIterator(GetShardIteratorRequest.trimHorizon(ref, "shardId-000000000000"));
    GetRecordsResult first = engine.getRecords(it, 30);
    assertThat(first.records()).hasSize(30);
    GetRecordsResult rest = engine.getRecords(first.nextShardIterator(), null);
    assertThat(rest.records()).hasSize(70);
    assertThat(rest.millisBehindLatest()).isZero();
    assertThat(new BigInteger(rest.records().get(0).sequenceNumber()))
        .isGreaterThan(new BigInteger(first.records().get(29).sequenceNumber()));
  }
}
