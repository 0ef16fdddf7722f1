package io.kinesisonkafka.adapter.server.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.StreamRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What PutRecord and PutRecords ask for: the stream, the records (one for PutRecord; null when the
 * request has no {@code Records}) and PutRecord's {@code SequenceNumberForOrdering}.
 *
 * <p>Why a streaming parser: a PutRecords body is up to 500 records, and reading it into a Jackson
 * tree first cost a node per member and 15 % of the server's time per record. {@link #read} walks
 * the tokens once and copies each blob once, into the array Kafka's producer sends as it is. It
 * reads only the shape the SDKs and the CLI send: the operation's own members, each once, with the
 * model's types, and nothing after the body's one value. Anything else (an unknown or repeated
 * member, a member of another type, a syntax error, bad base64) answers null, and the body is read
 * through the tree ({@link #fromTree}) instead, whose errors are the wire contract. So a request is
 * either accepted with the same values by both readers, or answered by the tree's error.
 *
 * @param stream StreamName and StreamARN
 * @param records the records, in request order; null when the request has none
 * @param sequenceNumberForOrdering PutRecord's member; always null for PutRecords
 */
public record PutInput(
    StreamRef stream, List<PutRecordsEntry> records, String sequenceNumberForOrdering) {

  /** Gives up on the streaming read: the tree reads the body and reports what is wrong. */
  private static final class NotTheFastShape extends Exception {
    NotTheFastShape() {
      super(null, null, false, false);
    }
  }

  private static final NotTheFastShape NOT_FAST = new NotTheFastShape();

  /** The members of one record, as they are read. */
  private static final class RecordMembers {
    String partitionKey;
    byte[] data;
    String explicitHashKey;
    int seen; // bit per member, to refuse a repeated one

    void see(int bit) throws NotTheFastShape {
      if ((seen & bit) != 0) {
        throw NOT_FAST;
      }
      seen |= bit;
    }

    PutRecordsEntry entry() {
      return new PutRecordsEntry(partitionKey, data, explicitHashKey);
    }
  }

  private static final int DATA = 1;
  private static final int PARTITION_KEY = 2;
  private static final int EXPLICIT_HASH_KEY = 4;
  private static final int STREAM_NAME = 8;
  private static final int STREAM_ARN = 16;
  private static final int RECORDS = 32;
  private static final int SEQUENCE_NUMBER_FOR_ORDERING = 64;

  /**
   * The members read with a streaming parser; null when the body is not in the shape described
   * above (the caller then reads the tree).
   *
   * @param many PutRecords' shape ({@code Records}) rather than PutRecord's
   */
  static PutInput read(byte[] body, WireFormat format, boolean many) {
    if (body == null || body.length == 0) {
      return null;
    }
    try (JsonParser parser = format.parser(body)) {
      return many ? readMany(parser) : readOne(parser);
    } catch (NotTheFastShape | IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static PutInput readMany(JsonParser parser) throws IOException, NotTheFastShape {
    expect(parser.nextToken(), JsonToken.START_OBJECT);
    String streamName = null;
    String streamArn = null;
    List<PutRecordsEntry> records = null;
    int seen = 0;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      int bit =
          switch (name) {
            case "StreamName" -> STREAM_NAME;
            case "StreamARN" -> STREAM_ARN;
            case "Records" -> RECORDS;
            default -> throw NOT_FAST;
          };
      if ((seen & bit) != 0) {
        throw NOT_FAST;
      }
      seen |= bit;
      switch (bit) {
        case STREAM_NAME -> streamName = string(parser, value);
        case STREAM_ARN -> streamArn = string(parser, value);
        default -> records = value == JsonToken.VALUE_NULL ? null : records(parser, value);
      }
    }
    expect(token, JsonToken.END_OBJECT);
    expect(parser.nextToken(), null);
    return new PutInput(new StreamRef(streamName, streamArn), records, null);
  }

  private static List<PutRecordsEntry> records(JsonParser parser, JsonToken value)
      throws IOException, NotTheFastShape {
    expect(value, JsonToken.START_ARRAY);
    List<PutRecordsEntry> records = new ArrayList<>(500);
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
      RecordMembers record = new RecordMembers();
      JsonToken member;
      while ((member = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        if (!recordMember(parser, name, parser.nextToken(), record)) {
          throw NOT_FAST;
        }
      }
      expect(member, JsonToken.END_OBJECT);
      records.add(record.entry());
    }
    expect(token, JsonToken.END_ARRAY);
    return records;
  }

  private static PutInput readOne(JsonParser parser) throws IOException, NotTheFastShape {
    expect(parser.nextToken(), JsonToken.START_OBJECT);
    String streamName = null;
    String streamArn = null;
    String sequenceNumberForOrdering = null;
    RecordMembers record = new RecordMembers();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (recordMember(parser, name, value, record)) {
        continue;
      }
      switch (name) {
        case "StreamName" -> {
          record.see(STREAM_NAME);
          streamName = string(parser, value);
        }
        case "StreamARN" -> {
          record.see(STREAM_ARN);
          streamArn = string(parser, value);
        }
        case "SequenceNumberForOrdering" -> {
          record.see(SEQUENCE_NUMBER_FOR_ORDERING);
          sequenceNumberForOrdering = string(parser, value);
        }
        default -> throw NOT_FAST;
      }
    }
    expect(token, JsonToken.END_OBJECT);
    expect(parser.nextToken(), null);
    return new PutInput(
        new StreamRef(streamName, streamArn), List.of(record.entry()), sequenceNumberForOrdering);
  }

  /** Reads a record's member into {@code record}; false when {@code name} is not one. */
  private static boolean recordMember(
      JsonParser parser, String name, JsonToken value, RecordMembers record)
      throws IOException, NotTheFastShape {
    switch (name) {
      case "Data" -> {
        record.see(DATA);
        record.data = blob(parser, value);
      }
      case "PartitionKey" -> {
        record.see(PARTITION_KEY);
        record.partitionKey = string(parser, value);
      }
      case "ExplicitHashKey" -> {
        record.see(EXPLICIT_HASH_KEY);
        record.explicitHashKey = string(parser, value);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private static String string(JsonParser parser, JsonToken value)
      throws IOException, NotTheFastShape {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(value, JsonToken.VALUE_STRING);
    return parser.getText();
  }

  /** A CBOR byte string as it is, or base64 text decoded as {@link Input#blob} decodes it. */
  private static byte[] blob(JsonParser parser, JsonToken value)
      throws IOException, NotTheFastShape {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value == JsonToken.VALUE_EMBEDDED_OBJECT) {
      Object embedded = parser.getEmbeddedObject();
      if (embedded instanceof byte[] bytes) {
        return bytes;
      }
      throw NOT_FAST;
    }
    expect(value, JsonToken.VALUE_STRING);
    return Base64.getDecoder().decode(parser.getText()); // bad base64: the tree's error
  }

  private static void expect(JsonToken actual, JsonToken expected) throws NotTheFastShape {
    if (actual != expected) {
      throw NOT_FAST;
    }
  }

  /**
   * The members read from the tree, in the order the operations always read them, so that the first
   * problem found is the one reported.
   */
  static PutInput fromTree(Input in, boolean many) {
    if (!many) {
      StreamRef stream = in.stream();
      PutRecordsEntry entry = entry(in);
      return new PutInput(stream, List.of(entry), in.string("SequenceNumberForOrdering"));
    }
    List<Input> items = in.objects("Records");
    List<PutRecordsEntry> records = null;
    if (items != null) {
      records = new ArrayList<>(items.size());
      for (Input item : items) {
        records.add(entry(item));
      }
    }
    return new PutInput(in.stream(), records, null);
  }

  private static PutRecordsEntry entry(Input in) {
    return new PutRecordsEntry(
        in.string("PartitionKey"), in.blob("Data"), in.string("ExplicitHashKey"));
  }
}
