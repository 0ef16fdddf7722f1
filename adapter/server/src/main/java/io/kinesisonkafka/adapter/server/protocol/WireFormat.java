package io.kinesisonkafka.adapter.server.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The two wire protocols of the Kinesis API, which differ only in encoding: AWS JSON 1.1
 * (timestamps as decimal epoch seconds, blobs as base64) and CBOR (timestamps as tag 1 with integer
 * epoch milliseconds, blobs as byte strings). A reply uses the request's format.
 */
public enum WireFormat {
  JSON(
      "application/x-amz-json-1.1",
      new ObjectMapper(
          JsonFactory.builder().enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build())),
  CBOR("application/x-amz-cbor-1.1", new ObjectMapper(new CBORFactory()));

  private final String contentType;
  private final ObjectMapper mapper;

  WireFormat(String contentType, ObjectMapper mapper) {
    this.contentType = contentType;
    this.mapper = mapper;
  }

  public String contentType() {
    return contentType;
  }

  /** The format a Content-Type names; null for one the Kinesis API does not speak. */
  public static WireFormat of(String contentType) {
    if (contentType == null) {
      return null;
    }
    String type = contentType.toLowerCase(java.util.Locale.ROOT);
    int semicolon = type.indexOf(';');
    if (semicolon >= 0) {
      type = type.substring(0, semicolon).trim();
    }
    return switch (type) {
      case "application/x-amz-json-1.1", "application/x-amz-json-1.0", "application/json" -> JSON;
      case "application/x-amz-cbor-1.1" -> CBOR;
      default -> null;
    };
  }

  /**
   * The one value a body holds. Anything after it (a stray {@code }}, a second CBOR item) is an
   * error, as RFC 8259 and RFC 8949 ("too much data") say: a body is one value, and a server that
   * stored the first of two would act on a request the client did not send.
   */
  JsonNode parse(byte[] body) throws IOException {
    if (body.length == 0) {
      return mapper.createObjectNode();
    }
    try (JsonParser parser = mapper.createParser(body)) {
      JsonNode node = mapper.readTree(parser);
      if (node != null && !node.isMissingNode() && parser.nextToken() != null) {
        throw new TrailingData(parser.currentLocation().getByteOffset());
      }
      return node;
    }
  }

  /** A streaming parser over a request body, configured as {@link #parse} reads it. */
  JsonParser parser(byte[] body) throws IOException {
    return mapper.createParser(body);
  }

  /** Bytes after the body's one value. */
  static final class TrailingData extends IOException {
    TrailingData(long offset) {
      super(
          "Unexpected data after the end of the value" + (offset >= 0 ? " at byte " + offset : ""));
    }
  }

  JsonGenerator generator(ByteArrayOutputStream out) throws IOException {
    return mapper.getFactory().createGenerator(out);
  }

  void writeTimestamp(JsonGenerator gen, Instant instant) throws IOException {
    if (this == CBOR) {
      ((CBORGenerator) gen).writeTag(1);
      gen.writeNumber(instant.toEpochMilli());
    } else {
      gen.writeNumber(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }
  }

  /** A timestamp member of a request: CBOR numbers are milliseconds, JSON numbers seconds. */
  Instant readTimestamp(JsonNode node) {
    if (node.isNumber()) {
      if (this == CBOR && node.isIntegralNumber()) {
        return Instant.ofEpochMilli(node.longValue());
      }
      BigDecimal seconds = node.decimalValue();
      return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }
    if (node.isTextual()) {
      String text = node.textValue();
      try {
        return Instant.ofEpochMilli(new BigDecimal(text).movePointRight(3).longValue());
      } catch (NumberFormatException e) {
        return Instant.parse(text);
      }
    }
    throw new IllegalArgumentException("not a timestamp");
  }
}
