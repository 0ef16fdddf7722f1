package io.kinesisonkafka.adapter.server.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes a reply's members in the request's format. Null values are left out, as the service does.
 * Thin on purpose: every operation writes its own shape in a few lines.
 */
public final class Output {
  private final JsonGenerator gen;
  private final WireFormat format;

  Output(JsonGenerator gen, WireFormat format) {
    this.gen = gen;
    this.format = format;
  }

  public Output string(String name, String value) {
    if (value != null) {
      io(() -> gen.writeStringField(name, value));
    }
    return this;
  }

  public Output number(String name, Long value) {
    if (value != null) {
      io(() -> gen.writeNumberField(name, value));
    }
    return this;
  }

  public Output number(String name, Integer value) {
    if (value != null) {
      io(() -> gen.writeNumberField(name, value));
    }
    return this;
  }

  public Output bool(String name, boolean value) {
    io(() -> gen.writeBooleanField(name, value));
    return this;
  }

  public Output blob(String name, byte[] value) {
    if (value != null) {
      io(
          () -> {
            gen.writeFieldName(name);
            gen.writeBinary(value);
          });
    }
    return this;
  }

  public Output timestamp(String name, Instant value) {
    if (value != null) {
      io(
          () -> {
            gen.writeFieldName(name);
            format.writeTimestamp(gen, value);
          });
    }
    return this;
  }

  public Output strings(String name, Iterable<String> values) {
    if (values != null) {
      io(
          () -> {
            gen.writeArrayFieldStart(name);
            for (String v : values) {
              gen.writeString(v);
            }
            gen.writeEndArray();
          });
    }
    return this;
  }

  /** A nested structure: {@code body} writes its members. */
  public Output object(String name, Body body) {
    io(
        () -> {
          gen.writeObjectFieldStart(name);
          body.write(this);
          gen.writeEndObject();
        });
    return this;
  }

  /** A list of structures, each written by {@code writer}. */
  public <T> Output objects(String name, Iterable<T> items, ItemWriter<T> writer) {
    io(
        () -> {
          gen.writeArrayFieldStart(name);
          for (T item : items) {
            gen.writeStartObject();
            writer.write(this, item);
            gen.writeEndObject();
          }
          gen.writeEndArray();
        });
    return this;
  }

  /** Writes one item of a list as a structure. */
  @FunctionalInterface
  public interface ItemWriter<T> {
    void write(Output out, T item);
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void io(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
