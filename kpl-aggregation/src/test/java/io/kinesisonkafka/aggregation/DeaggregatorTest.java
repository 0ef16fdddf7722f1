package io.kinesisonkafka.aggregation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.kpl.Messages;

class DeaggregatorTest {

  private static final BigInteger MAX_HASH_KEY = Generators.MAX_HASH_KEY;

  @Test
  void dataWithoutTheMagicPassesThroughAsOneUserRecordWithSubSequenceNumberZero() {
    byte[] data = bytes("{\"plain\":true}");

    assertThat(Deaggregator.deaggregate("pk", data))
        .containsExactly(new UserRecord("pk", null, data, 0));
    assertThat(Deaggregator.deaggregate("pk", new byte[0]))
        .containsExactly(new UserRecord("pk", null, new byte[0], 0));
  }

  @Test
  void isAggregatedLooksAtTheMagicOnly() {
    assertThat(Deaggregator.isAggregated(Kcl.MAGIC)).isTrue();
    assertThat(Deaggregator.isAggregated(Kcl.aggregate(List.of(Entry.of("a", "1"))))).isTrue();
    assertThat(Deaggregator.isAggregated(Arrays.copyOf(Kcl.MAGIC, 3))).isFalse();
    assertThat(Deaggregator.isAggregated(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, 0}))
        .isFalse();
    assertThat(Deaggregator.isAggregated(new byte[0])).isFalse();
  }

  @Test
  void theKplsAggregatesComeApartInOrderWithSubSequenceNumbers() {
    byte[] data =
        Kcl.aggregate(
            List.of(
                new Entry("a", null, bytes("1")),
                new Entry("b", "77", bytes("2")),
                new Entry("a", "77", bytes("3"))));

    assertThat(Deaggregator.deaggregate("outer", data))
        .containsExactly(
            new UserRecord("a", null, bytes("1"), 0),
            new UserRecord("b", "77", bytes("2"), 1),
            new UserRecord("a", "77", bytes("3"), 2));
  }

  @Test
  void anAggregateShorterThanTheMagicAndTheMd5IsCorrupt() {
    byte[] data = Arrays.copyOf(Kcl.MAGIC, 19);

    assertThatThrownBy(() -> Deaggregator.deaggregate("pk", data))
        .isInstanceOf(CorruptAggregateException.class)
        .hasMessageContaining("Truncated");
  }

  @Test
  void aWrongMd5IsCorrupt() {
    byte[] data = Kcl.aggregate(List.of(Entry.of("a", "1"), Entry.of("b", "2")));
    data[data.length - 1] ^= 1;

    assertThatThrownBy(() -> Deaggregator.deaggregate("pk", data))
        .isInstanceOf(CorruptAggregateException.class)
        .hasMessageContaining("MD5");
  }

  @Test
  void aMessageThatDoesNotParseIsCorruptEvenWithTheRightMd5() {
    // A length-delimited record field claiming more bytes than there are.
    byte[] truncatedField = {0x1A, 0x7F, 0x08, 0x00};
    // Wire type 7 does not exist.
    byte[] badWireType = {0x0F, 0x00};
    // An end-group tag with no group.
    byte[] strayEndGroup = {0x0C};

    for (byte[] protobuf : List.of(truncatedField, badWireType, strayEndGroup)) {
      assertThatThrownBy(() -> Deaggregator.deaggregate("pk", Kcl.frame(protobuf)))
          .isInstanceOf(CorruptAggregateException.class);
    }
  }

  @Test
  void aPartitionKeyIndexOutOfTheTableIsCorrupt() {
    Messages.AggregatedRecord message =
        Messages.AggregatedRecord.newBuilder()
            .addPartitionKeyTable("a")
            .addRecords(record(0, bytes("1")))
            .addRecords(record(1, bytes("2")))
            .build();

    assertThatThrownBy(() -> Deaggregator.deaggregate("pk", Kcl.frame(message.toByteArray())))
        .isInstanceOf(CorruptAggregateException.class)
        .hasMessageContaining("record 1 has partition key index 1");
  }

  @Test
  void aHugeUnsignedIndexIsOutOfTheTableToo() {
    Messages.AggregatedRecord message =
        Messages.AggregatedRecord.newBuilder()
            .addPartitionKeyTable("a")
            .addRecords(record(-1L, bytes("1")))
            .build();

    assertThatThrownBy(() -> Deaggregator.deaggregate("pk", Kcl.frame(message.toByteArray())))
        .isInstanceOf(CorruptAggregateException.class)
        .hasMessageContaining("18446744073709551615");
  }

  @Test
  void anExplicitHashKeyIndexOutOfTheTableIsCorrupt() {
    Messages.AggregatedRecord message =
        Messages.AggregatedRecord.newBuilder()
            .addPartitionKeyTable("a")
            .addExplicitHashKeyTable("5")
            .addRecords(record(0, bytes("1")).toBuilder().setExplicitHashKeyIndex(1))
            .build();

    assertThatThrownBy(() -> Deaggregator.deaggregate("pk", Kcl.frame(message.toByteArray())))
        .isInstanceOf(CorruptAggregateException.class)
        .hasMessageContaining("explicit hash key index 1");
  }

  @Test
  void anExplicitHashKeyThatIsNotAHashKeyIsCorrupt() {
    for (String bad : List.of("abc", "-1", "", "1e3", MAX_HASH_KEY.add(BigInteger.ONE) + "")) {
      Messages.AggregatedRecord message =
          Messages.AggregatedRecord.newBuilder()
              .addPartitionKeyTable("a")
              .addExplicitHashKeyTable(bad)
              .addRecords(record(0, bytes("1")).toBuilder().setExplicitHashKeyIndex(0))
              .build();

      assertThatThrownBy(() -> Deaggregator.deaggregate("pk", Kcl.frame(message.toByteArray())))
          .as(bad)
          .isInstanceOf(CorruptAggregateException.class);
    }
  }

  @Test
  void anExplicitHashKeyWithLeadingZerosIsReadAsTheKclReadsIt() {
    Messages.AggregatedRecord message =
        Messages.AggregatedRecord.newBuilder()
            .addPartitionKeyTable("a")
            .addExplicitHashKeyTable("007")
            .addRecords(record(0, bytes("1")).toBuilder().setExplicitHashKeyIndex(0))
            .build();

    List<UserRecord> userRecords = Deaggregator.deaggregate("pk", Kcl.frame(message.toByteArray()));

    assertThat(userRecords).containsExactly(new UserRecord("a", "007", bytes("1"), 0));
    assertThat(userRecords.get(0).hashKey()).isEqualTo(BigInteger.valueOf(7));
  }

  @Test
  void aRecordWithoutItsRequiredFieldsIsCorrupt() {
    Messages.Record noData = Messages.Record.newBuilder().setPartitionKeyIndex(0).buildPartial();
    Messages.Record noIndex =
        Messages.Record.newBuilder().setData(ByteString.copyFromUtf8("x")).buildPartial();

    for (Messages.Record record : List.of(noData, noIndex)) {
      byte[] protobuf =
          Messages.AggregatedRecord.newBuilder()
              .addPartitionKeyTable("a")
              .addRecords(record)
              .buildPartial()
              .toByteArray();

      assertThatThrownBy(() -> Deaggregator.deaggregate("pk", Kcl.frame(protobuf)))
          .isInstanceOf(CorruptAggregateException.class)
          .hasMessageContaining("lacks required field");
    }
  }

  @Test
  void aTagWithoutItsRequiredKeyIsCorrupt() {
    Messages.Tag noKey = Messages.Tag.newBuilder().setValue("v").buildPartial();
    byte[] protobuf =
        Messages.AggregatedRecord.newBuilder()
            .addPartitionKeyTable("a")
            .addRecords(record(0, bytes("1")).toBuilder().addTags(noKey).buildPartial())
            .buildPartial()
            .toByteArray();

    assertThatThrownBy(() -> Deaggregator.deaggregate("pk", Kcl.frame(protobuf)))
        .isInstanceOf(CorruptAggregateException.class)
        .hasMessageContaining("tag");
  }

  @Test
  void aPartitionKeyThatIsNotUtf8IsCorrupt() throws IOException {
    byte[] protobuf =
        message(
            out -> {
              out.writeByteArray(1, new byte[] {(byte) 0xC3, (byte) 0x28});
              out.writeByteArray(3, record(0, bytes("1")).toByteArray());
            });

    assertThatThrownBy(() -> Deaggregator.deaggregate("pk", Kcl.frame(protobuf)))
        .isInstanceOf(CorruptAggregateException.class);
  }

  @Test
  void tagsAndUnknownFieldsAreReadPast() throws IOException {
    Messages.Record tagged =
        record(0, bytes("1")).toBuilder()
            .addTags(Messages.Tag.newBuilder().setKey("k").setValue("v"))
            .addTags(Messages.Tag.newBuilder().setKey("only-key"))
            .build();
    byte[] protobuf =
        message(
            out -> {
              out.writeUInt64(9, 12345); // unknown varint field
              out.writeString(1, "a");
              out.writeByteArray(3, tagged.toByteArray());
              out.writeFixed64(10, 1); // unknown fixed64 field
              out.writeFixed32(11, 1); // unknown fixed32 field
            });

    assertThat(Deaggregator.deaggregate("pk", Kcl.frame(protobuf)))
        .containsExactly(new UserRecord("a", null, bytes("1"), 0));
    assertThat(Kcl.deaggregate("pk", Kcl.frame(protobuf)))
        .containsExactly(new UserRecord("a", null, bytes("1"), 0));
  }

  @Test
  void keyTablesAfterTheRecordsAreReadAsProtobufAndTheKclReadThem() throws IOException {
    byte[] protobuf =
        message(
            out -> {
              out.writeByteArray(3, record(1, bytes("1")).toByteArray());
              out.writeString(1, "a");
              out.writeByteArray(
                  3,
                  record(0, bytes("2")).toBuilder()
                      .setExplicitHashKeyIndex(0)
                      .build()
                      .toByteArray());
              out.writeString(2, "99");
              out.writeString(1, "b");
            });
    List<UserRecord> expected =
        List.of(new UserRecord("b", null, bytes("1"), 0), new UserRecord("a", "99", bytes("2"), 1));

    assertThat(Deaggregator.deaggregate("pk", Kcl.frame(protobuf))).isEqualTo(expected);
    assertThat(Kcl.deaggregate("pk", Kcl.frame(protobuf))).isEqualTo(expected);
  }

  @Test
  void anAggregateOfNoUserRecordsHasNoUserRecords() {
    assertThat(Deaggregator.deaggregate("pk", Kcl.frame(new byte[0]))).isEmpty();
    byte[] tablesOnly =
        Messages.AggregatedRecord.newBuilder().addPartitionKeyTable("a").build().toByteArray();
    assertThat(Deaggregator.deaggregate("pk", Kcl.frame(tablesOnly))).isEmpty();
  }

  @Test
  void theFilterKeepsOnlyTheUserRecordsInTheShardsRangeWithTheirSubSequenceNumbers() {
    BigInteger half = BigInteger.ONE.shiftLeft(127);
    byte[] data =
        Kcl.aggregate(
            List.of(
                new Entry("a", "5", bytes("low")),
                new Entry("b", half.toString(), bytes("high")),
                new Entry("c", half.subtract(BigInteger.ONE).toString(), bytes("low edge")),
                new Entry("d", MAX_HASH_KEY.toString(), bytes("high edge"))));

    assertThat(Deaggregator.deaggregate("pk", data, BigInteger.ZERO, half.subtract(BigInteger.ONE)))
        .extracting(UserRecord::partitionKey, UserRecord::subSequenceNumber)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 0L),
            org.assertj.core.groups.Tuple.tuple("c", 2L));
    assertThat(Deaggregator.deaggregate("pk", data, half, MAX_HASH_KEY))
        .extracting(UserRecord::partitionKey, UserRecord::subSequenceNumber)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("b", 1L),
            org.assertj.core.groups.Tuple.tuple("d", 3L));
  }

  @Test
  void theFilterRoutesUserRecordsWithoutAnExplicitHashKeyByTheMd5OfTheirPartitionKey() {
    byte[] data = Kcl.aggregate(List.of(Entry.of("a", "1"), Entry.of("b", "2")));
    BigInteger hashOfA = new BigInteger(1, Kcl.md5(bytes("a")));

    assertThat(Deaggregator.deaggregate("pk", data, hashOfA, hashOfA))
        .containsExactly(new UserRecord("a", null, bytes("1"), 0));
  }

  @Test
  void theFilterNeverLeavesOutARecordThatIsNotAnAggregate() {
    BigInteger hashOfPk = new BigInteger(1, Kcl.md5(bytes("pk")));
    BigInteger elsewhere = hashOfPk.add(BigInteger.ONE);

    assertThat(Deaggregator.deaggregate("pk", bytes("raw"), elsewhere, elsewhere))
        .containsExactly(new UserRecord("pk", null, bytes("raw"), 0));
  }

  @Test
  void theFilterStillRejectsACorruptAggregateWhoseUserRecordsItWouldLeaveOut() {
    Messages.AggregatedRecord message =
        Messages.AggregatedRecord.newBuilder()
            .addPartitionKeyTable("a")
            .addExplicitHashKeyTable("5")
            .addRecords(record(0, bytes("1")).toBuilder().setExplicitHashKeyIndex(0))
            .addRecords(record(3, bytes("2")).toBuilder().setExplicitHashKeyIndex(0))
            .build();

    assertThatThrownBy(
            () ->
                Deaggregator.deaggregate(
                    "pk", Kcl.frame(message.toByteArray()), BigInteger.TEN, MAX_HASH_KEY))
        .isInstanceOf(CorruptAggregateException.class);
  }

  @Test
  void rangesOutsideTheHashKeySpaceOrBackwardsAreRejected() {
    byte[] data = bytes("raw");

    assertThatThrownBy(
            () -> Deaggregator.deaggregate("pk", data, BigInteger.valueOf(-1), BigInteger.ONE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Deaggregator.deaggregate(
                    "pk", data, BigInteger.ZERO, MAX_HASH_KEY.add(BigInteger.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Deaggregator.deaggregate("pk", data, BigInteger.TEN, BigInteger.ONE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Messages.Record record(long partitionKeyIndex, byte[] data) {
    return Messages.Record.newBuilder()
        .setPartitionKeyIndex(partitionKeyIndex)
        .setData(ByteString.copyFrom(data))
        .build();
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  /** A protobuf message written field by field, in whatever order the writer chooses. */
  private static byte[] message(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    writer.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
