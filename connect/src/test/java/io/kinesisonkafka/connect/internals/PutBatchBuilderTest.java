package io.kinesisonkafka.connect.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.aggregation.Deaggregator;
import io.kinesisonkafka.aggregation.UserRecord;
import io.kinesisonkafka.connect.internals.PutBatchBuilder.Put;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * What goes into one PutRecords call. Kinesis' limits: at most 500 records and 5 MiB (data plus
 * partition keys) per call, at most 1 MiB per record (data plus partition key); the connector's
 * promises (README): strict ordering puts at most one record per partition key in a call, and
 * aggregation packs a key's records into KPL aggregates a de-aggregating reader splits again.
 */
class PutBatchBuilderTest {
  private static final int MAX_RECORDS = 500;
  private static final int MIB = 1 << 20;
  private static final int MAX_CALL_BYTES = 5 * MIB;
  private static final String MAX_HASH_KEY =
      BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE).toString();
  private static final byte[] KPL_MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC);

  private long nextOffset;

  // --- entries, as the sink task makes them (KinesisEntry.of computes their size) ---

  private KinesisEntry entry(String key, byte[] data, String explicitHashKey, int recordMaxBytes) {
    SinkRecord record =
        new SinkRecord("orders", 0, Schema.STRING_SCHEMA, key, null, data, nextOffset++);
    if (explicitHashKey != null) {
      record.headers().addString("ehk", explicitHashKey);
    }
    return KinesisEntry.of(record, KinesisEntry.KeyFrom.KEY, null, "ehk", recordMaxBytes);
  }

  /** An entry whose size as Kinesis counts it (data plus partition key) is {@code size}. */
  private KinesisEntry sized(String key, int size) {
    return entry(key, new byte[size - key.length()], null, MAX_CALL_BYTES);
  }

  private KinesisEntry text(String key, String data) {
    return entry(key, data.getBytes(StandardCharsets.UTF_8), null, MIB);
  }

  private static PutLane lane(List<KinesisEntry> entries) {
    PutLane lane = new PutLane(0);
    for (KinesisEntry e : entries) {
      lane.pending.add(e);
      lane.pendingBytes += e.size();
    }
    return lane;
  }

  private static PutBatchBuilder plain(int maxRecords, int maxBytes, boolean strict) {
    return new PutBatchBuilder(maxRecords, maxBytes, strict, 0, CLOCK);
  }

  private static PutBatchBuilder aggregating(int maxBytes, boolean strict, int recordMaxBytes) {
    return new PutBatchBuilder(MAX_RECORDS, maxBytes, strict, recordMaxBytes, CLOCK);
  }

  private static List<String> keys(List<Put> call) {
    return call.stream().map(p -> p.request().partitionKey()).toList();
  }

  private static List<String> texts(List<Put> call) {
    return call.stream().flatMap(p -> p.members().stream()).map(PutBatchBuilderTest::text).toList();
  }

  private static String text(KinesisEntry e) {
    return new String(e.data(), StandardCharsets.UTF_8);
  }

  private static long bytes(List<Put> call) {
    return call.stream().mapToLong(Put::size).sum();
  }

  /** The user records a de-aggregating reader (the KCL, the source connector) gets from a put. */
  private static List<UserRecord> read(Put p) {
    return Deaggregator.deaggregate(p.request().partitionKey(), p.request().data().asByteArray());
  }

  private static String text(UserRecord u) {
    return new String(u.data(), StandardCharsets.UTF_8);
  }

  // --- 500 records per call ---

  @Test
  void takesExactly500RecordsInOneCall() {
    List<KinesisEntry> entries = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      entries.add(text("k" + i, "v"));
    }
    PutLane lane = lane(entries);
    assertThat(plain(MAX_RECORDS, MAX_CALL_BYTES, true).take(lane)).hasSize(500);
    assertThat(lane.pending).isEmpty();
  }

  @Test
  void leavesThe501stRecordForTheNextCall() {
    List<KinesisEntry> entries = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      entries.add(text("k" + i, "v"));
    }
    PutLane lane = lane(entries);
    PutBatchBuilder builder = plain(MAX_RECORDS, MAX_CALL_BYTES, true);
    assertThat(builder.take(lane)).hasSize(500);
    assertThat(builder.take(lane))
        .extracting(p -> p.request().partitionKey())
        .containsExactly("k500");
  }

  @Test
  void aLaneIsFullAt500WaitingRecordsAndNotAt499() {
    PutBatchBuilder builder = plain(MAX_RECORDS, MAX_CALL_BYTES, true);
    List<KinesisEntry> entries = new ArrayList<>();
    for (int i = 0; i < 499; i++) {
      entries.add(text("k" + i, "v"));
    }
    PutLane lane = lane(entries);
    assertThat(builder.full(lane)).isFalse();
    lane.pending.add(text("k499", "v"));
    assertThat(builder.full(lane)).isTrue();
  }

  // --- 5 MiB per call, partition keys included ---

  @Test
  void fillsACallToExactlyFiveMebibytesCountingPartitionKeys() {
    // Four records of 1 MiB, one of 1 MiB - 10 and one of 10 bytes: 5 MiB in all.
    PutLane lane =
        lane(
            List.of(
                sized("a", MIB),
                sized("b", MIB),
                sized("c", MIB),
                sized("d", MIB),
                sized("e", MIB - 10),
                sized("f", 10)));
    List<Put> call = plain(MAX_RECORDS, MAX_CALL_BYTES, true).take(lane);
    assertThat(call).hasSize(6);
    assertThat(bytes(call)).isEqualTo(MAX_CALL_BYTES);
    assertThat(lane.pending).isEmpty();
  }

  @Test
  void leavesTheRecordThatWouldTakeACallOneByteOverFiveMebibytesForTheNext() {
    PutLane lane =
        lane(
            List.of(
                sized("a", MIB),
                sized("b", MIB),
                sized("c", MIB),
                sized("d", MIB),
                sized("e", MIB - 10),
                sized("f", 11)));
    PutBatchBuilder builder = plain(MAX_RECORDS, MAX_CALL_BYTES, true);
    List<Put> call = builder.take(lane);
    assertThat(keys(call)).containsExactly("a", "b", "c", "d", "e");
    assertThat(bytes(call)).isEqualTo(MAX_CALL_BYTES - 10);
    assertThat(keys(builder.take(lane))).containsExactly("f");
  }

  @Test
  void aLaneIsFullAtFiveMebibytesWaitingAndNotAByteBelow() {
    PutBatchBuilder builder = plain(MAX_RECORDS, MAX_CALL_BYTES, true);
    PutLane lane = lane(List.of(sized("a", MIB), sized("b", MIB)));
    lane.pendingBytes = MAX_CALL_BYTES - 1;
    assertThat(builder.full(lane)).isFalse();
    lane.pendingBytes = MAX_CALL_BYTES;
    assertThat(builder.full(lane)).isTrue();
  }

  @Test
  void aSingleRecordLargerThanTheCallLimitGoesInACallOfItsOwn() {
    PutLane lane = lane(List.of(sized("big", 150), sized("a", 10)));
    PutBatchBuilder builder = plain(MAX_RECORDS, 100, false);
    assertThat(keys(builder.take(lane))).containsExactly("big");
    assertThat(keys(builder.take(lane))).containsExactly("a");
  }

  // --- 1 MiB per record, partition key included (refused before it is batched) ---

  @Test
  void takesARecordOfExactlyOneMebibyteIncludingItsPartitionKey() {
    KinesisEntry e = entry("key", new byte[MIB - 3], null, MIB);
    assertThat(e.size()).isEqualTo(MIB);
  }

  @Test
  void refusesARecordOneByteOverOneMebibyteIncludingItsPartitionKey() {
    assertThatThrownBy(() -> entry("key", new byte[MIB - 2], null, MIB))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(String.valueOf(MIB + 1));
  }

  @Test
  void countsThePartitionKeyInUtf8Bytes() {
    String key = "ключ"; // 4 characters, 8 bytes
    assertThat(entry(key, new byte[MIB - 8], null, MIB).size()).isEqualTo(MIB);
    assertThatThrownBy(() -> entry(key, new byte[MIB - 7], null, MIB))
        .isInstanceOf(DataException.class);
  }

  @Test
  void refusesAnExplicitHashKeyKinesisWouldRefuse() {
    SoftAssertions softly = new SoftAssertions();
    for (String malformed : List.of("007", "+7", "-0")) {
      softly
          .assertThatThrownBy(() -> entry("k", new byte[] {1}, malformed, MIB))
          .as(malformed)
          .isInstanceOf(DataException.class);
    }
    softly.assertAll();
  }

  // --- ordering ---

  @Test
  void batchOrderingPutsRecordsInTheOrderHandedIn() {
    PutLane lane =
        lane(List.of(text("a", "a1"), text("a", "a2"), text("b", "b1"), text("a", "a3")));
    List<Put> call = plain(MAX_RECORDS, MAX_CALL_BYTES, false).take(lane);
    assertThat(texts(call)).containsExactly("a1", "a2", "b1", "a3");
  }

  @Test
  void strictOrderingPutsAtMostOneRecordPerPartitionKeyInACallAndKeepsEachKeysOrder() {
    PutLane lane =
        lane(
            List.of(
                text("a", "a1"),
                text("a", "a2"),
                text("b", "b1"),
                text("a", "a3"),
                text("b", "b2"),
                text("c", "c1")));
    PutBatchBuilder builder = plain(MAX_RECORDS, MAX_CALL_BYTES, true);
    assertThat(texts(builder.take(lane))).containsExactly("a1", "b1", "c1");
    assertThat(texts(builder.take(lane))).containsExactly("a2", "b2");
    assertThat(texts(builder.take(lane))).containsExactly("a3");
    assertThat(lane.pending).isEmpty();
  }

  @Test
  void keepsTheLanesWaitingBytesAndRestampsItsWaitWhenACallLeavesRecordsBehind() {
    PutLane lane = lane(List.of(text("a", "a1"), text("a", "a2"), text("b", "b1")));
    lane.oldestPendingAt = 5;
    PutBatchBuilder builder = plain(MAX_RECORDS, MAX_CALL_BYTES, true);
    builder.take(lane);
    assertThat(lane.pendingBytes).isEqualTo(lane.pending.getFirst().size());
    assertThat(lane.oldestPendingAt).isEqualTo(CLOCK.millis());
    lane.oldestPendingAt = 5;
    builder.take(lane);
    assertThat(lane.pendingBytes).isZero();
    assertThat(lane.oldestPendingAt).isEqualTo(5); // nothing left: nothing waits since
  }

  // --- KPL aggregation ---

  @Test
  void aggregatesAKeysWaitingRecordsIntoOneRecordTheDeaggregatorReadsBackInOrder() {
    PutLane lane =
        lane(
            List.of(
                text("a", "a1"),
                text("b", "b1"),
                text("a", "a2"),
                text("b", "b2"),
                text("a", "a3")));
    List<Put> call = aggregating(MAX_CALL_BYTES, true, MIB).take(lane);
    assertThat(keys(call)).containsExactly("a", "b");
    assertThat(read(call.get(0)))
        .extracting(
            UserRecord::partitionKey, PutBatchBuilderTest::text, UserRecord::subSequenceNumber)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "a1", 0L),
            org.assertj.core.groups.Tuple.tuple("a", "a2", 1L),
            org.assertj.core.groups.Tuple.tuple("a", "a3", 2L));
    assertThat(read(call.get(1))).extracting(PutBatchBuilderTest::text).containsExactly("b1", "b2");
    assertThat(call.get(0).members())
        .extracting(PutBatchBuilderTest::text)
        .containsExactly("a1", "a2", "a3");
    for (Put p : call) {
      assertThat(p.size())
          .as("size as Kinesis counts it")
          .isEqualTo(p.request().data().asByteArray().length + p.request().partitionKey().length());
    }
    assertThat(lane.pending).isEmpty();
    assertThat(lane.pendingBytes).isZero();
  }

  @Test
  void putsALoneRecordAsItIsWhenAggregating() {
    PutLane lane = lane(List.of(text("a", "a1"), text("b", "b1")));
    List<Put> call = aggregating(MAX_CALL_BYTES, true, MIB).take(lane);
    assertThat(call)
        .allSatisfy(
            p -> assertThat(Deaggregator.isAggregated(p.request().data().asByteArray())).isFalse());
    assertThat(call.get(0).request().data().asUtf8String()).isEqualTo("a1");
  }

  @Test
  void aggregatesOnlyRecordsWithTheSameExplicitHashKeyAndRoutesTheAggregateByIt() {
    PutLane lane =
        lane(
            List.of(
                entry("a", "a1".getBytes(StandardCharsets.UTF_8), "42", MIB),
                entry("a", "a2".getBytes(StandardCharsets.UTF_8), "42", MIB),
                entry("a", "a3".getBytes(StandardCharsets.UTF_8), "43", MIB),
                entry("a", "a4".getBytes(StandardCharsets.UTF_8), "42", MIB)));
    PutBatchBuilder builder = aggregating(MAX_CALL_BYTES, true, MIB);
    List<Put> first = builder.take(lane);
    assertThat(first)
        .singleElement()
        .satisfies(p -> assertThat(p.request().explicitHashKey()).isEqualTo("42"));
    assertThat(read(first.get(0)))
        .extracting(UserRecord::explicitHashKey, PutBatchBuilderTest::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("42", "a1"),
            org.assertj.core.groups.Tuple.tuple("42", "a2"));
    assertThat(texts(builder.take(lane))).containsExactly("a3");
    assertThat(texts(builder.take(lane))).containsExactly("a4");
  }

  @Test
  void anAggregateNeverOutgrowsTheRecordLimitAndTheRestOfTheKeyFollowsInOrder() {
    List<KinesisEntry> entries = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      entries.add(text("a", String.format("a%02d-%s", i, "x".repeat(95))));
    }
    PutLane lane = lane(entries);
    PutBatchBuilder builder = aggregating(MAX_CALL_BYTES, false, 1000);
    List<Put> call = builder.take(lane);
    assertThat(call)
        .hasSizeGreaterThan(3)
        .allSatisfy(p -> assertThat(p.size()).isLessThanOrEqualTo(1000));
    List<String> read =
        call.stream().flatMap(p -> read(p).stream()).map(PutBatchBuilderTest::text).toList();
    assertThat(read).isEqualTo(entries.stream().map(PutBatchBuilderTest::text).toList());
  }

  @Test
  void anAggregateWithoutExplicitHashKeyKeepsTheCallWithinItsByteLimit() {
    List<Put> call = aggregating(MAX_CALL_BYTES, true, MIB).take(nearlyFullCallThenKeyX(null));
    assertThat(call.get(call.size() - 1).members()).hasSize(2);
    assertThat(bytes(call)).isLessThanOrEqualTo(MAX_CALL_BYTES);
  }

  @Test
  void anAggregateWithALongExplicitHashKeyKeepsTheCallWithinFiveMebibytes() {
    List<Put> call =
        aggregating(MAX_CALL_BYTES, true, MIB).take(nearlyFullCallThenKeyX(MAX_HASH_KEY));
    assertThat(bytes(call)).isLessThanOrEqualTo(MAX_CALL_BYTES);
  }

  /**
   * Four 1 MiB records and one of 1,000 bytes, leaving 1 MiB - 1,000 bytes of room, then key x's
   * two records, which fill it as closely as the builder allows.
   */
  private PutLane nearlyFullCallThenKeyX(String explicitHashKey) {
    return lane(
        List.of(
            sized("a", MIB),
            sized("b", MIB),
            sized("c", MIB),
            sized("d", MIB),
            sized("e", 1000),
            entry("x", new byte[999], explicitHashKey, MIB),
            entry("x", new byte[MIB - 2064 - 1], explicitHashKey, MIB)));
  }

  @Test
  void neverDropsARecordTheAggregatorRefused() {
    byte[] magicData = Arrays.copyOf(KPL_MAGIC, 995);
    PutLane lane = lane(List.of(entry("a", magicData, null, 1000), text("a", "a2")));
    List<Put> call = aggregating(MAX_CALL_BYTES, false, 1000).take(lane);
    int membersPut = call.stream().mapToInt(p -> p.members().size()).sum();
    int userRecordsPut =
        call.stream().mapToInt(p -> p.members().size() == 1 ? 1 : read(p).size()).sum();
    assertThat(userRecordsPut).isEqualTo(membersPut).isEqualTo(2);
  }

  // --- properties over any lane ---

  /**
   * For any waiting records (a few keys, short explicit hash keys or none, sizes up to the record
   * limit) and any limits: every call keeps to the record count and byte limits (a single record
   * larger than the call limit alone), each put's size is what Kinesis counts, strict ordering has
   * distinct keys per call, and what a de-aggregating reader gets from the calls in order is every
   * record once, each key's in the order handed in.
   */
  @Property(tries = 300)
  void everyCallKeepsTheLimitsAndReadingTheCallsBackGivesEveryRecordOnceInKeyOrder(
      @ForAll @IntRange(min = 1, max = 12) int maxRecords,
      @ForAll @IntRange(min = 200, max = 3000) int maxBytes,
      @ForAll boolean strict,
      @ForAll boolean aggregate,
      @ForAll @IntRange(min = 1, max = 80) int count,
      @ForAll long seed) {
    Random random = new Random(seed);
    int recordMax = aggregate ? Math.max(100, maxBytes / (1 + random.nextInt(3))) : maxBytes;
    String[] hashKeys = {null, null, "7", "123456789"};
    List<KinesisEntry> entries = new ArrayList<>();
    Map<String, List<String>> handedIn = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String key = "k" + random.nextInt(5);
      String payload = "r" + i + "-" + "x".repeat(random.nextInt(recordMax - key.length() - 8));
      entries.add(
          entry(
              key,
              payload.getBytes(StandardCharsets.UTF_8),
              hashKeys[random.nextInt(hashKeys.length)],
              recordMax));
      handedIn.computeIfAbsent(key, k -> new ArrayList<>()).add(payload);
    }
    PutLane lane = lane(entries);
    PutBatchBuilder builder =
        new PutBatchBuilder(maxRecords, maxBytes, strict, aggregate ? recordMax : 0, CLOCK);
    Map<String, List<String>> read = new LinkedHashMap<>();
    int calls = 0;
    while (!lane.pending.isEmpty()) {
      assertThat(++calls).as("calls").isLessThanOrEqualTo(count);
      List<Put> call = builder.take(lane);
      assertThat(call).isNotEmpty().hasSizeLessThanOrEqualTo(maxRecords);
      if (call.size() > 1) {
        assertThat(bytes(call)).isLessThanOrEqualTo(maxBytes);
      }
      if (strict) {
        Set<String> keys = new HashSet<>(keys(call));
        assertThat(keys).hasSize(call.size());
      }
      for (Put p : call) {
        byte[] data = p.request().data().asByteArray();
        assertThat(p.size()).isEqualTo(data.length + p.request().partitionKey().length());
        assertThat(p.size()).isLessThanOrEqualTo(recordMax);
        List<String> users = read(p).stream().map(PutBatchBuilderTest::text).toList();
        assertThat(users).isEqualTo(p.members().stream().map(PutBatchBuilderTest::text).toList());
        for (KinesisEntry m : p.members()) {
          assertThat(m.partitionKey()).isEqualTo(p.request().partitionKey());
          read.computeIfAbsent(m.partitionKey(), k -> new ArrayList<>()).add(text(m));
        }
      }
      assertThat(lane.pendingBytes)
          .isEqualTo(lane.pending.stream().mapToLong(KinesisEntry::size).sum());
    }
    assertThat(read).isEqualTo(handedIn);
  }
}
