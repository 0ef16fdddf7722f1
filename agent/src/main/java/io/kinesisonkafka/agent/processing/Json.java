package io.kinesisonkafka.agent.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.nio.charset.StandardCharsets;

/**
 * The agent's {@code jsonFormat}: COMPACT (default) or PRETTYPRINT; every JSON record ends "\n".
 */
enum Json {
  COMPACT,
  PRETTYPRINT;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter COMPACT_WRITER = MAPPER.writer();
  private static final ObjectWriter PRETTY_WRITER = MAPPER.writerWithDefaultPrettyPrinter();

  byte[] write(Object value) {
    try {
      String s = (this == COMPACT ? COMPACT_WRITER : PRETTY_WRITER).writeValueAsString(value);
      return (s + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** The record as text without its one trailing newline. */
  static String text(byte[] record) {
    String s = new String(record, StandardCharsets.UTF_8);
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }
}
