package io.kinesisonkafka.firehose.internals.delivery;

import io.kinesisonkafka.firehose.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * An object's bytes: the records concatenated, each followed by a newline when asked, compressed.
 * Deterministic (the JDK's GZIP header carries no time), so a replayed batch makes the same bytes.
 */
public final class Encoding {
  private Encoding() {}

  public static byte[] encode(List<byte[]> records, boolean newline, Compression compression) {
    long size = 0;
    for (byte[] r : records) {
      size += r.length + (newline ? 1 : 0);
    }
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(
            (int)
                Math.min(Integer.MAX_VALUE - 8, compression == Compression.GZIP ? size / 3 : size));
    try (OutputStream out =
        compression == Compression.GZIP ? new GZIPOutputStream(bytes, 64 * 1024) : bytes) {
      for (byte[] r : records) {
        out.write(r);
        if (newline) {
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
