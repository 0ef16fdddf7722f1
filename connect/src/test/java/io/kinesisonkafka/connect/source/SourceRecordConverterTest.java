package io.kinesisonkafka.connect.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.aggregation.UserRecord;
import io.kinesisonkafka.connect.internals.ShardInfo;
import io.kinesisonkafka.connect.internals.ShardRead;
import io.kinesisonkafka.connect.internals.SourceOffsets;
import io.kinesisonkafka.connect.internals.SourceShard;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** A Kinesis user record as a Connect SourceRecord (README, "Source, Kinesis → Kafka"). */
class SourceRecordConverterTest {
  private static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);
  private static final BigInteger MAX_HASH_KEY = SPACE.subtract(BigInteger.ONE);
  private static final Instant ARRIVAL = Instant.parse("2026-12-07T20:00:00.123Z");
  private static final String SEQ = "49590338271490256608559692538361571095921575989136588898";

  private static Map<String, String> config(String... settings) {
    Map<String, String> c = new HashMap<>();
    c.put(KinesisSourceConfig.STREAMS, "orders");
    c.put("aws.region", "us-east-1");
    for (int i = 0; i < settings.length; i += 2) {
      c.put(settings[i], settings[i + 1]);
    }
    return c;
  }

  private static SourceRecordConverter converter(String... settings) {
    return new SourceRecordConverter(new KinesisSourceConfig(config(settings)));
  }

  private static ShardInfo shard(String stream, int index, BigInteger start, BigInteger end) {
    return new ShardInfo(
        stream, String.format("shardId-%012d", index), null, null, start, end, false);
  }

  private static SourceShard whole(String stream, int index) {
    return new SourceShard(shard(stream, index, BigInteger.ZERO, MAX_HASH_KEY), null, null);
  }

  private static ShardRead.Item item(
      String key, String explicitHashKey, String data, String seq, long sub, Instant arrival) {
    return new ShardRead.Item(
        new UserRecord(key, explicitHashKey, data.getBytes(StandardCharsets.UTF_8), sub),
        seq,
        sub,
        arrival);
  }

  private static ShardRead.Item item(String key, String explicitHashKey) {
    return item(key, explicitHashKey, "data", SEQ, 0, ARRIVAL);
  }

  private static SourceRecord convert(
      SourceRecordConverter c, SourceShard shard, ShardRead.Item i) {
    List<SourceRecord> out = new ArrayList<>();
    c.addAll(shard, List.of(i), out);
    return out.get(0);
  }

  private static Map<String, Object> headers(SourceRecord r) {
    Map<String, Object> h = new LinkedHashMap<>();
    for (Header header : r.headers()) {
      h.put(header.key(), header.value());
    }
    return h;
  }

  private static BigInteger md5(String key) throws Exception {
    return new BigInteger(
        1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  // --- key, value, timestamp ---

  @Test
  void keyIsThePartitionKeyValueTheDataAndTimestampTheArrival() {
    SourceRecord r =
        convert(
            converter(), whole("orders", 0), item("order-7", null, "{\"id\":7}", SEQ, 0, ARRIVAL));
    assertThat(r.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
    assertThat(r.key()).isEqualTo("order-7");
    assertThat(r.valueSchema()).isEqualTo(Schema.BYTES_SCHEMA);
    assertThat(r.value()).isEqualTo("{\"id\":7}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.timestamp()).isEqualTo(ARRIVAL.toEpochMilli());
  }

  @Test
  void hasNoTimestampWhenTheArrivalIsUnknown() {
    SourceRecord r = convert(converter(), whole("orders", 0), item("k", null, "d", SEQ, 0, null));
    assertThat(r.timestamp()).isNull();
    assertThat(headers(r)).doesNotContainKey("kinesis.arrival.timestamp");
  }

  // --- headers ---

  @Test
  void carriesEveryKinesisHeaderByDefault() {
    SourceRecord r =
        convert(converter(), whole("orders", 3), item("k", "12345", "d", SEQ, 2, ARRIVAL));
    assertThat(headers(r))
        .containsExactly(
            Map.entry("kinesis.stream", "orders"),
            Map.entry("kinesis.shard.id", "shardId-000000000003"),
            Map.entry("kinesis.sequence.number", SEQ),
            Map.entry("kinesis.sub.sequence.number", 2L),
            Map.entry("kinesis.arrival.timestamp", ARRIVAL.toEpochMilli()),
            Map.entry("kinesis.explicit.hash.key", "12345"));
    for (Header h : r.headers()) {
      Schema.Type expected = h.value() instanceof Long ? Schema.Type.INT64 : Schema.Type.STRING;
      assertThat(h.schema().type()).as(h.key()).isEqualTo(expected);
    }
  }

  @Test
  void leavesOutTheExplicitHashKeyHeaderWhenTheRecordHadNone() {
    SourceRecord r = convert(converter(), whole("orders", 0), item("k", null));
    assertThat(headers(r))
        .doesNotContainKey("kinesis.explicit.hash.key")
        .containsKey("kinesis.sequence.number");
  }

  @Test
  void carriesOnlyTheHeadersKinesisHeadersLists() {
    SourceRecordConverter c =
        converter(KinesisSourceConfig.HEADERS, "kinesis.sub.sequence.number,kinesis.shard.id");
    SourceRecord r = convert(c, whole("orders", 1), item("k", "5", "d", SEQ, 4, ARRIVAL));
    assertThat(headers(r))
        .containsOnly(
            Map.entry("kinesis.shard.id", "shardId-000000000001"),
            Map.entry("kinesis.sub.sequence.number", 4L));
  }

  @Test
  void carriesNoHeaderWhenKinesisHeadersIsEmpty() {
    SourceRecord r =
        convert(converter(KinesisSourceConfig.HEADERS, ""), whole("orders", 0), item("k", "5"));
    assertThat(r.headers().isEmpty()).isTrue();
    assertThat(r.timestamp()).isEqualTo(ARRIVAL.toEpochMilli());
  }

  // --- topic ---

  @Test
  void namesTheTopicByTheTemplatePerStream() {
    SourceRecordConverter c = converter(KinesisSourceConfig.TOPIC_TEMPLATE, "kinesis-${stream}");
    assertThat(convert(c, whole("orders", 0), item("k", null)).topic()).isEqualTo("kinesis-orders");
    assertThat(convert(c, whole("payments", 0), item("k", null)).topic())
        .isEqualTo("kinesis-payments");
  }

  @Test
  void namesTheTopicAfterTheStreamByDefault() {
    assertThat(convert(converter(), whole("orders", 0), item("k", null)).topic())
        .isEqualTo("orders");
  }

  // --- Kafka partition ---

  @Test
  void leavesThePartitionToTheProducerWithKeyPartitioning() {
    SourceRecord r = convert(converter(), whole("orders", 5), item("k", null));
    assertThat(r.kafkaPartition()).isNull();
  }

  @Test
  void takesTheShardIndexModuloThePartitionsWithShardIndexPartitioning() {
    SourceRecordConverter c =
        converter(
            KinesisSourceConfig.PARTITIONING, "shard-index", KinesisSourceConfig.PARTITIONS, "4");
    assertThat(convert(c, whole("orders", 2), item("k", null)).kafkaPartition()).isEqualTo(2);
    assertThat(convert(c, whole("orders", 7), item("k", null)).kafkaPartition()).isEqualTo(3);
    assertThat(convert(c, whole("orders", 8), item("k", null)).kafkaPartition()).isZero();
  }

  @Test
  void splitsTheHashKeySpaceEvenlyOverThePartitionsWithHashKeyPartitioning() {
    SourceRecordConverter c =
        converter(
            KinesisSourceConfig.PARTITIONING, "hash-key", KinesisSourceConfig.PARTITIONS, "4");
    SourceShard shard = whole("orders", 0);
    BigInteger quarter = SPACE.shiftRight(2);
    assertThat(convert(c, shard, item("k", "0")).kafkaPartition()).isZero();
    assertThat(
            convert(c, shard, item("k", quarter.subtract(BigInteger.ONE).toString()))
                .kafkaPartition())
        .isZero();
    assertThat(convert(c, shard, item("k", quarter.toString())).kafkaPartition()).isEqualTo(1);
    assertThat(
            convert(c, shard, item("k", quarter.multiply(BigInteger.valueOf(3)).toString()))
                .kafkaPartition())
        .isEqualTo(3);
    assertThat(convert(c, shard, item("k", MAX_HASH_KEY.toString())).kafkaPartition()).isEqualTo(3);
  }

  @Test
  void partitionsByTheMd5OfThePartitionKeyWhenThereIsNoExplicitHashKey() throws Exception {
    SourceRecordConverter c =
        converter(
            KinesisSourceConfig.PARTITIONING, "hash-key", KinesisSourceConfig.PARTITIONS, "7");
    for (String key : List.of("a", "order-1", "order-2", "ключ")) {
      int expected = md5(key).multiply(BigInteger.valueOf(7)).divide(SPACE).intValue();
      assertThat(convert(c, whole("orders", 0), item(key, null)).kafkaPartition())
          .as(key)
          .isEqualTo(expected);
    }
  }

  @Test
  void aKeyKeepsItsPartitionAcrossAReshardWithHashKeyPartitioning() throws Exception {
    SourceRecordConverter c =
        converter(
            KinesisSourceConfig.PARTITIONING, "hash-key", KinesisSourceConfig.PARTITIONS, "4");
    BigInteger half = SPACE.shiftRight(1);
    SourceShard parent = whole("orders", 0);
    String key = "order-1";
    BigInteger h = md5(key);
    SourceShard child =
        new SourceShard(
            h.compareTo(half) < 0
                ? shard("orders", 1, BigInteger.ZERO, half.subtract(BigInteger.ONE))
                : shard("orders", 2, half, MAX_HASH_KEY),
            null,
            null);
    assertThat(convert(c, child, item(key, null)).kafkaPartition())
        .isEqualTo(convert(c, parent, item(key, null)).kafkaPartition());
  }

  /**
   * README: with shard-index a key's records after a split or merge go to the child's partition,
   * not its parent's; only key and hash-key keep a key in one partition across reshards.
   */
  @Test
  void aKeysRecordsMoveToTheChildsPartitionAfterASplitWithShardIndexPartitioning() {
    SourceRecordConverter c =
        converter(
            KinesisSourceConfig.PARTITIONING, "shard-index", KinesisSourceConfig.PARTITIONS, "4");
    BigInteger half = SPACE.shiftRight(1);
    // A one-shard stream split in two: order-2 (MD5 below 2^127) moves to child shard 1.
    SourceShard parent = whole("orders", 0);
    SourceShard child =
        new SourceShard(
            shard("orders", 1, BigInteger.ZERO, half.subtract(BigInteger.ONE)), null, null);
    assertThat(convert(c, parent, item("order-2", null)).kafkaPartition()).isZero();
    assertThat(convert(c, child, item("order-2", null)).kafkaPartition()).isEqualTo(1);
  }

  /**
   * README: "the 2^128 hash key space split evenly over kafka.partitions, so a shard's records go
   * to the partitions its range covers". For any even split into shards and any partition count, a
   * user record whose hash key lies in its shard's range gets a partition in [0, partitions) within
   * the shard's span.
   */
  @Property(tries = 500)
  void aShardsRecordsGoToThePartitionsItsRangeCovers(
      @ForAll @IntRange(min = 1, max = 64) int shards,
      @ForAll @IntRange(min = 1, max = 1000) int partitions,
      @ForAll @IntRange(min = 0, max = 63) int shardPick,
      @ForAll @IntRange(min = 0, max = 1_000_000) int offsetPermille) {
    int index = shardPick % shards;
    BigInteger step = SPACE.divide(BigInteger.valueOf(shards));
    BigInteger start = step.multiply(BigInteger.valueOf(index));
    BigInteger end = index == shards - 1 ? MAX_HASH_KEY : start.add(step).subtract(BigInteger.ONE);
    BigInteger hashKey =
        start.add(
            end.subtract(start)
                .multiply(BigInteger.valueOf(offsetPermille))
                .divide(BigInteger.valueOf(1_000_000)));
    SourceRecordConverter c =
        converter(
            KinesisSourceConfig.PARTITIONING,
            "hash-key",
            KinesisSourceConfig.PARTITIONS,
            String.valueOf(partitions));
    SourceShard shard = new SourceShard(shard("orders", index, start, end), null, null);
    int p = convert(c, shard, item("k", hashKey.toString())).kafkaPartition();
    int first = start.multiply(BigInteger.valueOf(partitions)).divide(SPACE).intValue();
    int last = end.multiply(BigInteger.valueOf(partitions)).divide(SPACE).intValue();
    assertThat(p).isBetween(0, partitions - 1).isBetween(first, last);
  }

  /**
   * README: GetRecords does not return explicit hash keys, so with hash-key a record put with one
   * (and not in a KPL aggregate) is placed by its partition key's MD5, which may lie outside its
   * shard's range.
   */
  @Test
  void aRecordPutWithAnExplicitHashKeyIsPlacedByItsPartitionKeysHash() throws Exception {
    SourceRecordConverter c =
        converter(
            KinesisSourceConfig.PARTITIONING, "hash-key", KinesisSourceConfig.PARTITIONS, "4");
    BigInteger quarter = SPACE.shiftRight(2);
    // Shard 0 holds [0, 2^126): partition 0 only. The key's MD5 is elsewhere.
    String key = "order-1";
    assertThat(md5(key)).isGreaterThanOrEqualTo(quarter);
    SourceShard shard =
        new SourceShard(
            shard("orders", 0, BigInteger.ZERO, quarter.subtract(BigInteger.ONE)), null, null);
    // As ShardRead makes it from a Kinesis record that was not aggregated: no explicit hash key.
    int byMd5 = md5(key).multiply(BigInteger.valueOf(4)).divide(SPACE).intValue();
    assertThat(byMd5).isPositive();
    assertThat(convert(c, shard, item(key, null)).kafkaPartition()).isEqualTo(byMd5);
  }

  // --- source partition and offset ---

  @Test
  void recordsTheShardAsSourcePartitionAndTheUserRecordAsOffset() {
    SourceRecord r =
        convert(converter(), whole("orders", 3), item("k", null, "d", SEQ, 5, ARRIVAL));
    assertThat(r.sourcePartition())
        .isEqualTo(SourceOffsets.partition("orders", "shardId-000000000003"));
    assertThat(r.sourcePartition().keySet()).containsExactly("stream", "shard");
    assertThat(r.sourceOffset()).isEqualTo(Map.of("seq", SEQ, "sub", 5L));
  }

  @Test
  void addsTheRecordsInOrderAndMovesTheShardsPositionToTheLast() {
    SourceShard shard = whole("orders", 0);
    List<SourceRecord> out = new ArrayList<>();
    converter()
        .addAll(
            shard,
            List.of(
                item("a", null, "1", "100", 0, ARRIVAL),
                item("b", null, "2", "200", 0, ARRIVAL),
                item("b", null, "3", "200", 1, ARRIVAL)),
            out);
    assertThat(out).extracting(SourceRecord::key).containsExactly("a", "b", "b");
    assertThat(out)
        .extracting(SourceRecord::sourceOffset)
        .containsExactly(
            Map.of("seq", "100", "sub", 0L),
            Map.of("seq", "200", "sub", 0L),
            Map.of("seq", "200", "sub", 1L));
    assertThat(shard.position).isEqualTo(new SourceOffsets.Position("200", 1));
  }

  @Test
  void leavesTheShardsPositionWhenThereIsNothingToAdd() {
    SourceShard shard =
        new SourceShard(
            shard("orders", 0, BigInteger.ZERO, MAX_HASH_KEY),
            null,
            new SourceOffsets.Position("9", 0));
    List<SourceRecord> out = new ArrayList<>();
    converter().addAll(shard, List.of(), out);
    assertThat(out).isEmpty();
    assertThat(shard.position).isEqualTo(new SourceOffsets.Position("9", 0));
  }
}
