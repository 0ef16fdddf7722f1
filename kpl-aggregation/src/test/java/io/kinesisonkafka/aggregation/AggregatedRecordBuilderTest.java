package io.kinesisonkafka.aggregation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.kpl.Messages;

class AggregatedRecordBuilderTest {

  private static final BigInteger MAX_HASH_KEY = Generators.MAX_HASH_KEY;

  @Test
  void aLoneUserRecordIsPutAsItIsWithItsOwnPartitionKeyAndHashKey() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();

    assertThat(builder.tryAdd("user-1", null, bytes("hello"))).isTrue();
    Aggregate aggregate = builder.build();

    assertThat(aggregate.aggregated()).isFalse();
    assertThat(aggregate.data()).isEqualTo(bytes("hello"));
    assertThat(aggregate.partitionKey()).isEqualTo("user-1");
    assertThat(aggregate.explicitHashKey()).isEqualTo(md5HashKey("user-1").toString());
    assertThat(aggregate.size()).isEqualTo(builder.size()).isEqualTo(5 + 6);
  }

  @Test
  void aLoneUserRecordWhoseDataStartsWithTheMagicIsWrappedSoThatConsumersDoNotUnpackIt() {
    byte[] looksAggregated = Kcl.aggregate(List.of(Entry.of("a", "x"), Entry.of("b", "y")));
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();

    builder.tryAdd("outer", null, looksAggregated);
    Aggregate aggregate = builder.build();

    assertThat(aggregate.aggregated()).isTrue();
    assertThat(aggregate.data()).isEqualTo(Kcl.aggregate(List.of(entry("outer", looksAggregated))));
    assertThat(Deaggregator.deaggregate(aggregate.partitionKey(), aggregate.data()))
        .containsExactly(new UserRecord("outer", null, looksAggregated, 0));
  }

  @Test
  void twoUserRecordsMakeAnAggregateThatRoutesByTheFirstOnesHashKey() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();

    builder.tryAdd("first", null, bytes("1"));
    builder.tryAdd("second", null, bytes("2"));
    Aggregate aggregate = builder.build();

    assertThat(aggregate.aggregated()).isTrue();
    assertThat(Deaggregator.isAggregated(aggregate.data())).isTrue();
    assertThat(aggregate.partitionKey()).isEqualTo("first");
    assertThat(aggregate.explicitHashKey()).isEqualTo(md5HashKey("first").toString());
    assertThat(aggregate.data())
        .isEqualTo(Kcl.aggregate(List.of(Entry.of("first", "1"), Entry.of("second", "2"))));
  }

  @Test
  void theAggregateRoutesByTheFirstUserRecordsExplicitHashKeyWhenItHasOne() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();

    builder.tryAdd("first", "12345", bytes("1"));
    builder.tryAdd("second", null, bytes("2"));

    assertThat(builder.build().explicitHashKey()).isEqualTo("12345");
  }

  @Test
  void repeatedKeysAreStoredOnceEachInTheKeyTablesInOrderOfFirstUse() throws Exception {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();
    builder.tryAdd("b", "7", bytes("1"));
    builder.tryAdd("a", null, bytes("2"));
    builder.tryAdd("b", "7", bytes("3"));
    builder.tryAdd("a", "9", bytes("4"));

    byte[] data = builder.build().data();
    Messages.AggregatedRecord message =
        Messages.AggregatedRecord.parseFrom(Arrays.copyOfRange(data, 4, data.length - 16));

    assertThat(message.getPartitionKeyTableList()).containsExactly("b", "a");
    assertThat(message.getExplicitHashKeyTableList()).containsExactly("7", "9");
    assertThat(message.getRecordsList())
        .extracting(r -> r.getPartitionKeyIndex(), r -> r.hasExplicitHashKeyIndex())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, true),
            org.assertj.core.groups.Tuple.tuple(1L, false),
            org.assertj.core.groups.Tuple.tuple(0L, true),
            org.assertj.core.groups.Tuple.tuple(1L, true));
  }

  @Test
  void positionsGiveEachUserRecordItsSubSequenceNumberAndTheHashKeyItRoutesBy() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();
    builder.tryAdd("a", null, bytes("1"));
    builder.tryAdd("b", "42", bytes("2"));

    assertThat(builder.build().positions())
        .containsExactly(
            new Aggregate.Position(0, "a", md5HashKey("a")),
            new Aggregate.Position(1, "b", BigInteger.valueOf(42)));
  }

  @Test
  void theDefaultLimitIsKinesisOneMebibyteOfDataPlusPartitionKey() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();
    String partitionKey = "é".repeat(10); // 20 bytes in UTF-8

    assertThat(builder.tryAdd(partitionKey, null, new byte[(1 << 20) - 20 + 1])).isFalse();
    assertThat(builder.tryAdd(partitionKey, null, new byte[(1 << 20) - 20])).isTrue();
    assertThat(builder.size()).isEqualTo(1 << 20);
    assertThat(builder.build().size()).isEqualTo(1 << 20);
    assertThat(builder.tryAdd("a", null, new byte[0])).isFalse();
  }

  @Test
  void fillingTheAggregateToExactlyTheLimitIsAcceptedAndTheNextUserRecordIsRefused() {
    List<Entry> entries =
        List.of(
            new Entry("a", null, new byte[300]),
            new Entry("b", "99", new byte[200]),
            new Entry("a", null, new byte[100]));
    int exactSize = sizeOf(entries);
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder(exactSize, Integer.MAX_VALUE);

    assertThat(entries).allMatch(e -> e.addTo(builder));
    assertThat(builder.size()).isEqualTo(exactSize);
    assertThat(builder.tryAdd("a", null, new byte[0])).isFalse();
    assertThat(builder.build().size()).isEqualTo(exactSize);
  }

  @Test
  void aUserRecordOneByteTooLargeIsRefusedAndLeavesTheBuilderAsItWas() {
    List<Entry> fitting = List.of(new Entry("a", null, new byte[300]), Entry.of("b", "bb"));
    int limit = sizeOf(fitting);
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder(limit, Integer.MAX_VALUE);
    fitting.get(0).addTo(builder);
    byte[] before = builder.build().data();
    int sizeBefore = builder.size();

    assertThat(builder.tryAdd("b", null, bytes("bbb"))).isFalse();

    assertThat(builder.count()).isEqualTo(1);
    assertThat(builder.size()).isEqualTo(sizeBefore);
    assertThat(builder.build().data()).isEqualTo(before);
    assertThat(builder.tryAdd("b", null, bytes("bb"))).isTrue();
    assertThat(builder.size()).isEqualTo(limit);
  }

  @Test
  void theCountLimitRefusesTheUserRecordAfterTheLast() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder(1 << 20, 3);

    assertThat(builder.tryAdd("a", null, bytes("1"))).isTrue();
    assertThat(builder.tryAdd("a", null, bytes("2"))).isTrue();
    assertThat(builder.tryAdd("a", null, bytes("3"))).isTrue();
    assertThat(builder.tryAdd("a", null, bytes("4"))).isFalse();
    assertThat(builder.count()).isEqualTo(3);
  }

  @Test
  void anEmptyBuilderRefusesOnlyAUserRecordThatCannotFitOnItsOwn() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder(10, Integer.MAX_VALUE);

    assertThat(builder.tryAdd("abc", null, new byte[8])).isFalse();
    assertThat(builder.isEmpty()).isTrue();
    assertThat(builder.size()).isZero();
    assertThat(builder.tryAdd("abc", null, new byte[7])).isTrue();
    assertThat(builder.size()).isEqualTo(10);
  }

  @Test
  void buildingAnEmptyBuilderFails() {
    assertThatThrownBy(() -> new AggregatedRecordBuilder().build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void buildLeavesTheBuilderAsItWasAndResetStartsTheNextRecord() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();
    builder.tryAdd("a", "5", bytes("1"));
    builder.tryAdd("b", null, bytes("2"));
    Aggregate first = builder.build();

    assertThat(builder.build().data()).isEqualTo(first.data());
    assertThat(builder.count()).isEqualTo(2);

    builder.reset();
    assertThat(builder.isEmpty()).isTrue();
    assertThat(builder.size()).isZero();
    builder.tryAdd("c", null, bytes("3"));
    builder.tryAdd("d", null, bytes("4"));
    Aggregate second = builder.build();

    assertThat(second.data())
        .isEqualTo(Kcl.aggregate(List.of(Entry.of("c", "3"), Entry.of("d", "4"))));
    assertThat(second.positions())
        .extracting(Aggregate.Position::partitionKey)
        .containsExactly("c", "d");
    assertThat(first.positions())
        .extracting(Aggregate.Position::partitionKey)
        .containsExactly("a", "b");
  }

  @Test
  void theBuilderCopiesTheDataItAccepts() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();
    byte[] data = bytes("before");

    builder.tryAdd("a", null, data);
    data[0] = 'X';

    assertThat(builder.build().data()).isEqualTo(bytes("before"));
  }

  @Test
  void partitionKeysKinesisWouldRefuseAreRejected() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();

    assertThatThrownBy(() -> builder.tryAdd("", null, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.tryAdd("k".repeat(257), null, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.tryAdd("lone \uD800 surrogate", null, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.tryAdd("\uDC00", null, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.tryAdd(null, null, new byte[1]))
        .isInstanceOf(NullPointerException.class);
    assertThat(builder.isEmpty()).isTrue();
    assertThat(builder.tryAdd("k".repeat(256), null, new byte[1])).isTrue();
    assertThat(builder.tryAdd("🔑", null, new byte[1])).isTrue();
  }

  @Test
  void explicitHashKeysKinesisWouldRefuseAreRejected() {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();

    for (String bad :
        List.of("", "-1", "+1", "01", "1.5", "abc", " 1", MAX_HASH_KEY.add(BigInteger.ONE) + "")) {
      assertThatThrownBy(() -> builder.tryAdd("a", bad, new byte[1]))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(builder.isEmpty()).isTrue();
    assertThat(builder.tryAdd("a", "0", new byte[1])).isTrue();
    assertThat(builder.tryAdd("a", MAX_HASH_KEY.toString(), new byte[1])).isTrue();
  }

  @Test
  void limitsOutsideTheirRangeAreRejected() {
    assertThatThrownBy(() -> new AggregatedRecordBuilder(0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AggregatedRecordBuilder((1 << 30) + 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AggregatedRecordBuilder(1000, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The size of the record built of these entries, with no limit in the way. */
  static int sizeOf(List<Entry> entries) {
    AggregatedRecordBuilder unlimited =
        new AggregatedRecordBuilder(AggregatedRecordBuilder.MAX_SIZE_LIMIT, Integer.MAX_VALUE);
    entries.forEach(e -> assertThat(e.addTo(unlimited)).isTrue());
    return unlimited.size();
  }

  private static Entry entry(String partitionKey, byte[] data) {
    return new Entry(partitionKey, null, data);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static BigInteger md5HashKey(String partitionKey) {
    return new BigInteger(1, Kcl.md5(bytes(partitionKey)));
  }
}
