package io.kinesisonkafka.aggregation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.kpl.Messages;

/**
 * Where {@link Deaggregator} and {@link AggregatedRecordBuilder} meet the real KCL 3.5.1 ({@code
 * AggregatorUtil}), by example; the properties are in {@link KclCompatibilityPropertiesTest}. The
 * last two examples pin down where this library deliberately differs from the KCL.
 */
class KclCompatibilityTest {

  private static final BigInteger MAX_HASH_KEY = Generators.MAX_HASH_KEY;

  @Test
  void theKclReadsALoneUserRecordPutAsItIs() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();
    builder.tryAdd("a", "123", bytes("alone"));
    Aggregate aggregate = builder.build();

    assertThat(Kcl.deaggregate(aggregate.partitionKey(), aggregate.data()))
        .containsExactly(new UserRecord("a", null, bytes("alone"), 0))
        .isEqualTo(Deaggregator.deaggregate(aggregate.partitionKey(), aggregate.data()));
  }

  @Test
  void theKclReadsAnAggregateWithKeysSharedBetweenUserRecords() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();
    builder.tryAdd("a", null, bytes("1"));
    builder.tryAdd("b", "42", bytes("2"));
    builder.tryAdd("a", "42", bytes("3"));
    builder.tryAdd("b", null, new byte[0]);
    Aggregate aggregate = builder.build();

    assertThat(Kcl.deaggregate(aggregate.partitionKey(), aggregate.data()))
        .containsExactly(
            new UserRecord("a", null, bytes("1"), 0),
            new UserRecord("b", "42", bytes("2"), 1),
            new UserRecord("a", "42", bytes("3"), 2),
            new UserRecord("b", null, new byte[0], 3));
  }

  @Test
  void theKclFiltersAnAggregateBuiltForOneShardAsTheDeaggregatorDoes() {
    BigInteger half = BigInteger.ONE.shiftLeft(127);
    byte[] data =
        Kcl.aggregate(List.of(new Entry("a", "1", bytes("1")), new Entry("b", "2", bytes("2"))));

    assertThat(Deaggregator.deaggregate("pk", data, BigInteger.ZERO, half))
        .isEqualTo(Kcl.deaggregate("pk", data, BigInteger.ZERO, half))
        .hasSize(2);
    assertThat(Deaggregator.deaggregate("pk", data, half, MAX_HASH_KEY))
        .isEqualTo(Kcl.deaggregate("pk", data, half, MAX_HASH_KEY))
        .isEmpty();
  }

  @Test
  void theKclSkipsTheWholeAggregateWhereTheDeaggregatorKeepsItsUserRecordsInRange() {
    // An aggregate a producer built for a parent shard before a split, landed on the lower child.
    BigInteger half = BigInteger.ONE.shiftLeft(127);
    byte[] data =
        Kcl.aggregate(
            List.of(
                new Entry("a", "1", bytes("mine")),
                new Entry("b", half.toString(), bytes("the other child's"))));
    BigInteger lowerChildEnd = half.subtract(BigInteger.ONE);

    assertThat(Kcl.deaggregate("pk", data, BigInteger.ZERO, lowerChildEnd)).isEmpty();
    assertThat(Deaggregator.deaggregate("pk", data, BigInteger.ZERO, lowerChildEnd))
        .containsExactly(new UserRecord("a", "1", bytes("mine"), 0));
  }

  @Test
  void theKclPassesACorruptAggregateOnAsOneRecordWhereTheDeaggregatorRefusesIt() {
    byte[] data = Kcl.aggregate(List.of(Entry.of("a", "1"), Entry.of("b", "2")));
    data[10] ^= 0x40;

    assertThat(Kcl.deaggregate("pk", data)).containsExactly(new UserRecord("pk", null, data, 0));
    assertThatThrownBy(() -> Deaggregator.deaggregate("pk", data))
        .isInstanceOf(CorruptAggregateException.class);
  }

  @Test
  void theKclCrashesOnAKeyIndexOutOfRangeWhereTheDeaggregatorReportsACorruptAggregate() {
    byte[] data =
        Kcl.frame(
            Messages.AggregatedRecord.newBuilder()
                .addPartitionKeyTable("a")
                .addRecords(record(0, "1"))
                .addRecords(record(1, "2"))
                .addRecords(record(0, "3"))
                .build()
                .toByteArray());

    // The KCL means to log the aggregate and drop the rest of it, but builds the log message with
    // javax.xml.bind.DatatypeConverter, which Java 11+ lacks and the KCL does not declare.
    assertThatThrownBy(() -> Kcl.deaggregate("pk", data))
        .isInstanceOf(NoClassDefFoundError.class)
        .hasMessageContaining("javax/xml/bind/DatatypeConverter");
    assertThatThrownBy(() -> Deaggregator.deaggregate("pk", data))
        .isInstanceOf(CorruptAggregateException.class);
  }

  @Test
  void theKclPassesAnAggregateOfNoUserRecordsOnAsOneRecordWhereTheDeaggregatorFindsNone() {
    byte[] empty = Kcl.aggregate(List.of());

    assertThat(empty).hasSize(20);
    assertThat(Kcl.deaggregate("pk", empty)).containsExactly(new UserRecord("pk", null, empty, 0));
    assertThat(Deaggregator.deaggregate("pk", empty)).isEmpty();
  }

  private static Messages.Record record(long partitionKeyIndex, String data) {
    return Messages.Record.newBuilder()
        .setPartitionKeyIndex(partitionKeyIndex)
        .setData(ByteString.copyFromUtf8(data))
        .build();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
