package io.kinesisonkafka.connect.internals;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A Kafka record on its way into Kinesis: partition key, optional explicit hash key, data, and the
 * Kafka record it comes from. The data is the value's bytes or text (UTF-8), or the JSON of a
 * Struct or Map value (Connect's JsonConverter without schemas). {@link #of} refuses, with a {@link
 * DataException} naming why, a record Kinesis would not take; the task hands those to Connect's
 * error handling.
 */
public record KinesisEntry(
    TopicPartition topicPartition,
    long offset,
    String partitionKey,
    String explicitHashKey,
    byte[] data,
    int size,
    SinkRecord record) {

  private static final BigInteger MAX_HASH_KEY =
      BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  /** PutRecordsRequestEntry.ExplicitHashKey's pattern in the Kinesis API reference. */
  private static final Pattern HASH_KEY_PATTERN = Pattern.compile("0|[1-9][0-9]{0,38}");

  /** Where the partition key comes from. */
  public enum KeyFrom {
    KEY,
    HEADER,
    FIELD
  }

  /** Converts a sink record, or throws DataException if Kinesis would refuse it. */
  public static KinesisEntry of(
      SinkRecord record, KeyFrom from, String keyName, String hashKeyHeader, int recordMaxBytes) {
    Object keyValue =
        switch (from) {
          case KEY -> record.key();
          case HEADER -> header(record, keyName);
          case FIELD -> field(record.value(), keyName);
        };
    if (keyValue == null) {
      throw new DataException(
          "record has no partition key (" + from.name().toLowerCase() + " " + keyName + ")");
    }
    String partitionKey = text(keyValue);
    int length = partitionKey.codePointCount(0, partitionKey.length());
    if (length < 1 || length > 256) {
      throw new DataException("partition key must be 1 to 256 characters, but has " + length);
    }
    String explicitHashKey = null;
    if (hashKeyHeader != null) {
      Object h = header(record, hashKeyHeader);
      if (h != null) {
        explicitHashKey = text(h).trim();
        // Kinesis' pattern: no sign, no leading zero (BigInteger alone took 007, +7 and -0)
        if (!HASH_KEY_PATTERN.matcher(explicitHashKey).matches()) {
          throw new DataException(
              "explicit hash key is not a decimal without sign or leading zeros: "
                  + explicitHashKey);
        }
        if (new BigInteger(explicitHashKey).compareTo(MAX_HASH_KEY) > 0) {
          throw new DataException("explicit hash key is outside [0, 2^128-1]: " + explicitHashKey);
        }
      }
    }
    byte[] data = bytes(record);
    int size = data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    if (size > recordMaxBytes) {
      throw new DataException(
          "record is "
              + size
              + " bytes (data plus partition key), over the stream's limit of "
              + recordMaxBytes);
    }
    return new KinesisEntry(
        new TopicPartition(record.topic(), record.kafkaPartition()),
        record.kafkaOffset(),
        partitionKey,
        explicitHashKey,
        data,
        size,
        record);
  }

  private static Object header(SinkRecord record, String name) {
    Header last = record.headers().lastWithName(name);
    return last == null ? null : last.value();
  }

  private static Object field(Object value, String name) {
    if (value instanceof Struct struct) {
      return struct.schema().field(name) == null ? null : struct.get(name);
    }
    if (value instanceof Map<?, ?> map) {
      return map.get(name);
    }
    throw new DataException("partition key field " + name + " needs a Struct or Map value");
  }

  private static String text(Object value) {
    if (value instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (value instanceof ByteBuffer bb) {
      return StandardCharsets.UTF_8.decode(bb.duplicate()).toString();
    }
    return value.toString();
  }

  private static byte[] bytes(SinkRecord record) {
    Object value = record.value();
    if (value instanceof Struct || value instanceof Map<?, ?>) {
      // A structured value (what partition.key.from=field reads a key from) goes as its JSON.
      return Json.CONVERTER.fromConnectData(record.topic(), record.valueSchema(), value);
    }
    if (value == null) {
      throw new DataException("record has no value: Kinesis takes no empty record for a tombstone");
    }
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof ByteBuffer bb) {
      byte[] b = new byte[bb.remaining()];
      bb.duplicate().get(b);
      return b;
    }
    if (value instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    throw new DataException(
        "value of type "
            + value.getClass().getSimpleName()
            + " is not bytes, text, a Struct or a Map: use value.converter ByteArrayConverter,"
            + " StringConverter or JsonConverter");
  }

  /** Connect's JsonConverter without schemas, made when a structured value first comes. */
  private static final class Json {
    static final JsonConverter CONVERTER = new JsonConverter();

    static {
      CONVERTER.configure(Map.of("schemas.enable", "false"), false);
    }
  }
}
