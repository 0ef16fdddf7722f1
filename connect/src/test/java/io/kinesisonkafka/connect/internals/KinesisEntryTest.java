package io.kinesisonkafka.connect.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.connect.internals.KinesisEntry.KeyFrom;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** A sink record as a Kinesis entry: where its partition key comes from, what its data is. */
class KinesisEntryTest {
  private static final int MIB = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SinkRecord record(Object key, Schema valueSchema, Object value) {
    return new SinkRecord("orders", 0, Schema.OPTIONAL_STRING_SCHEMA, key, valueSchema, value, 7);
  }

  @Test
  void takesThePartitionKeyFromANamedHeaderAndTheDataFromTheValue() {
    SinkRecord r = record("ignored", null, "payload".getBytes(StandardCharsets.UTF_8));
    r.headers().addString("pk", "first");
    r.headers().addString("pk", "customer-7");

    KinesisEntry e = KinesisEntry.of(r, KeyFrom.HEADER, "pk", null, MIB);

    assertThat(e.partitionKey()).as("the last header of that name").isEqualTo("customer-7");
    assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("payload");
    assertThat(e.size()).isEqualTo("payload".length() + "customer-7".length());
  }

  @Test
  void refusesARecordWithoutTheHeader() {
    SinkRecord r = record("k", null, "payload");

    assertThatThrownBy(() -> KinesisEntry.of(r, KeyFrom.HEADER, "pk", null, MIB))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("no partition key (header pk)");
  }

  @Test
  void takesThePartitionKeyFromAFieldOfAStructAndPutsTheStructAsJson() throws Exception {
    Schema schema =
        SchemaBuilder.struct()
            .field("id", Schema.STRING_SCHEMA)
            .field("amount", Schema.INT32_SCHEMA)
            .build();
    Struct value = new Struct(schema).put("id", "order-42").put("amount", 12);

    KinesisEntry e = KinesisEntry.of(record(null, schema, value), KeyFrom.FIELD, "id", null, MIB);

    assertThat(e.partitionKey()).isEqualTo("order-42");
    JsonNode data = JSON.readTree(e.data());
    assertThat(data.get("id").asText()).isEqualTo("order-42");
    assertThat(data.get("amount").asInt()).isEqualTo(12);
    assertThat(data.has("schema")).as("no schema envelope").isFalse();
  }

  @Test
  void takesThePartitionKeyFromAFieldOfAMapAndPutsTheMapAsJson() throws Exception {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("id", 42L);
    value.put("note", "ünïcode");

    KinesisEntry e = KinesisEntry.of(record(null, null, value), KeyFrom.FIELD, "id", null, MIB);

    assertThat(e.partitionKey()).as("a number's string form").isEqualTo("42");
    assertThat(JSON.readTree(e.data()))
        .isEqualTo(JSON.readTree("{\"id\": 42, \"note\": \"ünïcode\"}"));
  }

  @Test
  void refusesAFieldKeyFromAValueWithoutFields() {
    assertThatThrownBy(
            () -> KinesisEntry.of(record(null, null, "plain text"), KeyFrom.FIELD, "id", null, MIB))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("needs a Struct or Map value");
  }

  @Test
  void refusesAStructuredValueWhoseJsonIsOverTheRecordLimit() {
    Map<String, Object> value = Map.of("id", "k", "blob", "x".repeat(2000));

    assertThatThrownBy(
            () -> KinesisEntry.of(record(null, null, value), KeyFrom.FIELD, "id", null, 1024))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("over the stream's limit of 1024");
  }
}
