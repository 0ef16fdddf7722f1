package io.kinesisonkafka.adapter.server.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Serializes reply bodies and AWS-shaped errors ({@code __type}, {@code message}). */
public final class Replies {
  private Replies() {}

  public static byte[] body(WireFormat format, Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator gen = format.generator(bytes)) {
      gen.writeStartObject();
      body.write(new Output(gen, format));
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static byte[] error(WireFormat format, KinesisErrorCode code, String message) {
    return body(format, out -> out.string("__type", code.wireName()).string("message", message));
  }
}
