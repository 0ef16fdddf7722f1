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
    return encode(format, body).toByteArray();
  }

  /**
   * The reply in a buffer sized by {@link Body#sizeHint()}, for {@link
   * io.kinesisonkafka.adapter.server.http.ApiResponder#respond(int, java.util.Map, byte[], int)} to
   * send without another copy.
   */
  static Encoded encode(WireFormat format, Body body) {
    long hint = format == WireFormat.JSON ? body.sizeHint() * 3L / 2 : body.sizeHint();
    Encoded bytes = new Encoded((int) Math.min(Integer.MAX_VALUE - 64, hint));
    try (JsonGenerator gen = format.generator(bytes)) {
      gen.writeStartObject();
      body.write(new Output(gen, format));
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  /** An encoded reply: the first {@link #length()} bytes of {@link #array()}. */
  static final class Encoded extends ByteArrayOutputStream {
    Encoded(int size) {
      super(size);
    }

    byte[] array() {
      return buf;
    }

    int length() {
      return count;
    }

    // Unsynchronized: one thread writes a reply.
    @Override
    public void write(int b) {
      if (count == buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(64, buf.length * 2));
      }
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (count + len > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(count + len, buf.length * 2));
      }
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }
  }

  public static byte[] error(WireFormat format, KinesisErrorCode code, String message) {
    return body(format, out -> out.string("__type", code.wireName()).string("message", message));
  }
}
