package io.kinesisonkafka.adapter.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The streaming read of PutRecord and PutRecords agrees with the tree's: it reads the SDKs' bodies
 * itself, and for any body either gives the values the tree gives, or leaves the body to the tree
 * (whose errors the clients see).
 */
class PutInputTest {

  @Test
  void readsTheBodiesTheSdksSendWithoutATree() throws IOException {
    for (WireFormat format : WireFormat.values()) {
      byte[] body = putRecords(format, 500, 1024, false);
      PutInput fast = PutInput.read(body, format, true);
      assertThat(fast).as(format.name()).isNotNull();
      assertThat(fast.records()).hasSize(500);
      assertSame(fast, PutInput.fromTree(Input.parse(body, format), true));

      byte[] one = putRecord(format);
      PutInput single = PutInput.read(one, format, false);
      assertThat(single).as(format.name()).isNotNull();
      assertThat(single.sequenceNumberForOrdering()).isEqualTo("1");
      assertSame(single, PutInput.fromTree(Input.parse(one, format), false));
    }
  }

  @Test
  void leavesOtherShapesToTheTreeAndItsErrors() throws IOException {
    byte[] trailing = concat(putRecords(WireFormat.JSON, 2, 8, false), "}".getBytes());
    byte[] wrongType =
        "{\"StreamName\":\"s\",\"Records\":[{\"PartitionKey\":5,\"Data\":\"AA==\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] badBase64 =
        "{\"StreamName\":\"s\",\"Records\":[{\"PartitionKey\":\"k\",\"Data\":\"!!\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] unknown =
        "{\"StreamName\":\"s\",\"Other\":{\"a\":[1]},\"Records\":[]}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] repeated =
        "{\"StreamName\":\"s\",\"StreamName\":\"t\",\"Records\":[]}"
            .getBytes(StandardCharsets.UTF_8);
    for (byte[] body : List.of(trailing, wrongType, badBase64, unknown, repeated, new byte[0])) {
      assertThat(PutInput.read(body, WireFormat.JSON, true))
          .as(new String(body, StandardCharsets.UTF_8))
          .isNull();
    }
    Input lazy = Input.lazy(wrongType, WireFormat.JSON);
    assertThat(catchThrowable(lazy::putRecords))
        .isInstanceOf(KinesisException.class)
        .hasMessageContaining("PartitionKey");
    Input trailingLazy = Input.lazy(trailing, WireFormat.JSON);
    Throwable lazyError = catchThrowable(trailingLazy::putRecords);
    Throwable eagerError = catchThrowable(() -> Input.parse(trailing, WireFormat.JSON));
    assertThat(lazyError).isInstanceOf(KinesisException.class);
    assertThat(lazyError.getMessage()).isEqualTo(eagerError.getMessage());
  }

  /** Bodies cut at any byte, or with any byte changed: the two readers never disagree. */
  @Property(tries = 300)
  void neverDisagreesWithTheTree(
      @ForAll("formats") WireFormat format,
      @ForAll("positions") int position,
      @ForAll("bytes") int replacement,
      @ForAll boolean cut)
      throws IOException {
    byte[] body = putRecords(format, 3, 6, true);
    int at = position % body.length;
    byte[] changed = cut ? Arrays.copyOf(body, at) : replace(body, at, (byte) replacement);
    for (boolean many : new boolean[] {true, false}) {
      PutInput fast = PutInput.read(changed, format, many);
      if (fast == null) {
        continue;
      }
      PutInput tree = PutInput.fromTree(Input.parse(changed, format), many);
      assertSame(fast, tree);
    }
  }

  @Provide
  Arbitrary<WireFormat> formats() {
    return Arbitraries.of(WireFormat.values());
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 10_000);
  }

  @Provide
  Arbitrary<Integer> bytes() {
    return Arbitraries.integers().between(0, 255);
  }

  private static void assertSame(PutInput fast, PutInput tree) {
    assertThat(fast.stream()).isEqualTo(tree.stream());
    assertThat(fast.sequenceNumberForOrdering()).isEqualTo(tree.sequenceNumberForOrdering());
    if (tree.records() == null) {
      assertThat(fast.records()).isNull();
      return;
    }
    assertThat(fast.records()).hasSameSizeAs(tree.records());
    for (int i = 0; i < tree.records().size(); i++) {
      PutRecordsEntry a = fast.records().get(i);
      PutRecordsEntry b = tree.records().get(i);
      assertThat(a.partitionKey()).isEqualTo(b.partitionKey());
      assertThat(a.explicitHashKey()).isEqualTo(b.explicitHashKey());
      assertThat(a.data()).isEqualTo(b.data());
    }
  }

  /** A PutRecords body as the SDK marshals it: StreamName, then Records. */
  private static byte[] putRecords(WireFormat format, int records, int size, boolean hashKeys)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator gen = format.generator(out)) {
      gen.writeStartObject();
      gen.writeStringField("StreamName", "orders");
      gen.writeArrayFieldStart("Records");
      for (int i = 0; i < records; i++) {
        gen.writeStartObject();
        gen.writeFieldName("Data");
        writeBlob(gen, format, data(i, size));
        gen.writeStringField("PartitionKey", "key-" + i);
        if (hashKeys && i % 2 == 1) {
          gen.writeStringField("ExplicitHashKey", Integer.toString(i * 1000));
        }
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeEndObject();
    }
    return out.toByteArray();
  }

  private static byte[] putRecord(WireFormat format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator gen = format.generator(out)) {
      gen.writeStartObject();
      gen.writeStringField("StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/orders");
      gen.writeStringField("PartitionKey", "k");
      gen.writeFieldName("Data");
      writeBlob(gen, format, data(7, 100));
      gen.writeStringField("SequenceNumberForOrdering", "1");
      gen.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void writeBlob(JsonGenerator gen, WireFormat format, byte[] data)
      throws IOException {
    if (format == WireFormat.CBOR) {
      gen.writeBinary(data);
    } else {
      gen.writeString(Base64.getEncoder().encodeToString(data));
    }
  }

  private static byte[] data(int seed, int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (seed * 31 + i);
    }
    return data;
  }

  private static byte[] replace(byte[] body, int at, byte value) {
    byte[] copy = body.clone();
    copy[at] = value;
    return copy;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    List<Byte> all = new ArrayList<>();
    for (byte x : a) {
      all.add(x);
    }
    for (byte x : b) {
      all.add(x);
    }
    byte[] out = new byte[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i);
    }
    return out;
  }
}
