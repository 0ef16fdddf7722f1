package io.kinesisonkafka.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.aggregation.AggregatedRecordBuilder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading and routing under TopologyTestDriver, against detached shards. */
class KinesisStreamsTopologyTest {
  private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
  private static final BigInteger HALF = BigInteger.ONE.shiftLeft(127);
  private static final long INCARNATION = 1_700_000_000L;

  private final ShardView low =
      ShardView.detached(
          0, List.of(), BigInteger.ZERO, HALF.subtract(BigInteger.ONE), INCARNATION, -1);
  private final ShardView high = ShardView.detached(1, List.of(), HALF, MAX, INCARNATION, -1);
  private final KinesisStreams kinesis =
      KinesisStreams.detached("kinesis.", Map.of("clicks", List.of(low, high)));
  private final List<KinesisRecord> out = new ArrayList<>();
  private final List<CorruptRecord> corrupt = new ArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> in;

  @BeforeEach
  void build() {
    StreamsBuilder builder = new StreamsBuilder();
    kinesis.stream(builder, "clicks", corrupt::add).foreach((k, v) -> out.add(v));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(builder.build(), props);
    in =
        driver.createInputTopic(
            "kinesis.clicks", new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void aPlainRecordBecomesOneKinesisRecordNumberedAsItsShardNumbersIt() {
    Instant at = Instant.ofEpochMilli(1_700_000_123_000L);
    in.pipeInput(new TestRecord<>(utf8("user-1"), utf8("hello"), at));

    assertThat(out).hasSize(1);
    KinesisRecord r = out.get(0);
    assertThat(r.partitionKey()).isEqualTo("user-1");
    assertThat(new String(r.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(r.subSequenceNumber()).isZero();
    assertThat(r.approximateArrivalTimestamp()).isEqualTo(at);
    assertThat(r.explicitHashKey()).isNull();
    // The driver puts every record in partition 0 at the offsets it counts.
    assertThat(r.shardId()).isEqualTo("shardId-000000000000");
    assertThat(r.sequenceNumber()).isEqualTo(low.sequenceNumber(0, at.toEpochMilli()));
    assertThat(low.offsetOf(r.sequenceNumber())).isZero();
  }

  @Test
  void anAggregateBecomesItsUserRecordsWithSubSequenceNumbers() {
    AggregatedRecordBuilder aggregate = new AggregatedRecordBuilder();
    assertThat(aggregate.tryAdd("a", null, utf8("one"))).isTrue();
    assertThat(aggregate.tryAdd("b", "12345", utf8("two"))).isTrue();
    assertThat(aggregate.tryAdd("a", null, utf8("three"))).isTrue();
    var built = aggregate.build();
    in.pipeInput(new TestRecord<>(utf8(built.partitionKey()), built.data()));
    in.pipeInput(new TestRecord<>(utf8("c"), utf8("plain")));

    assertThat(out)
        .extracting(
            KinesisRecord::partitionKey, r -> text(r.data()), KinesisRecord::subSequenceNumber)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "one", 0L),
            org.assertj.core.groups.Tuple.tuple("b", "two", 1L),
            org.assertj.core.groups.Tuple.tuple("a", "three", 2L),
            org.assertj.core.groups.Tuple.tuple("c", "plain", 0L));
    assertThat(out.get(1).explicitHashKey()).isEqualTo("12345");
    assertThat(out.subList(0, 3))
        .extracting(KinesisRecord::sequenceNumber)
        .containsOnly(out.get(0).sequenceNumber());
    assertThat(new BigInteger(out.get(3).sequenceNumber()))
        .isGreaterThan(new BigInteger(out.get(0).sequenceNumber()));
    assertThat(corrupt).isEmpty();
  }

  @Test
  void aCorruptAggregateIsReportedAndNotPassedOn() {
    AggregatedRecordBuilder aggregate = new AggregatedRecordBuilder();
    aggregate.tryAdd("a", null, utf8("one"));
    aggregate.tryAdd("b", null, utf8("two"));
    byte[] data = aggregate.build().data().clone();
    data[data.length - 1] ^= 0x55; // the MD5 trailer no longer matches
    in.pipeInput(new TestRecord<>(utf8("a"), data));
    in.pipeInput(new TestRecord<>((byte[]) null, utf8("keyless")));

    assertThat(out).isEmpty();
    assertThat(corrupt).hasSize(2);
    assertThat(corrupt.get(0).stream()).isEqualTo("clicks");
    assertThat(corrupt.get(0).shardId()).isEqualTo("shardId-000000000000");
    assertThat(corrupt.get(1).reason()).isEqualTo("no partition key");
  }

  @Test
  void theExplicitHashKeyHeaderIsCarried() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(HashKeys.EXPLICIT_HASH_KEY_HEADER, utf8("99"));
    in.pipeInput(new TestRecord<>(utf8("k"), utf8("v"), headers, Instant.now()));

    assertThat(out).singleElement().extracting(KinesisRecord::explicitHashKey).isEqualTo("99");
  }

  @Test
  void thePartitionerRoutesAsTheEndpointDoes() {
    StreamPartitioner<String, byte[]> partitioner = kinesis.partitioner("clicks");
    for (int i = 0; i < 200; i++) {
      String key = "key-" + i;
      int expected = HashKeys.ofPartitionKey(key).compareTo(HALF) < 0 ? 0 : 1;
      assertThat(partitioner.partitions("kinesis.clicks", key, new byte[0], 2))
          .contains(Set.of(expected));
    }
    StreamPartitioner<String, byte[]> explicit =
        kinesis.partitioner("clicks", (k, v) -> k.equals("pinned") ? MAX.toString() : null);
    assertThat(explicit.partitions("kinesis.clicks", "pinned", new byte[0], 2)).contains(Set.of(1));
    assertThatThrownBy(() -> partitioner.partitions("kinesis.clicks", null, new byte[0], 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
