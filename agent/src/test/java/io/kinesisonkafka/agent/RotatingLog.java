package io.kinesisonkafka.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log file written line by line, numbered {@code <name> <n> ...}, rotated as logrotate does: by
 * renaming it to {@code <file>.<k>} and opening a new one, or by copying it to {@code <file>.<k>}
 * and truncating it (copytruncate; the writer pauses for the copy, as logrotate's window is the
 * only loss copytruncate is known for).
 */
final class RotatingLog implements AutoCloseable {
  enum Rotation {
    RENAME,
    COPYTRUNCATE
  }

  private final String name;
  private final Path file;
  private final Rotation rotation;
  private FileChannel out;
  private int rotations;
  private long written;

  RotatingLog(String name, Path file, Rotation rotation) throws IOException {
    this.name = name;
    this.file = file;
    this.rotation = rotation;
    Files.createDirectories(file.getParent());
    open();
  }

  private void open() throws IOException {
    out =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  static String line(String name, long n) {
    return name + " " + n + " the quick brown fox jumps over the lazy dog\n";
  }

  /** Writes lines {@code written+1 .. written+count}. */
  void write(int count) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      b.append(line(name, ++written));
    }
    ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      out.write(buf);
    }
  }

  long written() {
    return written;
  }

  int rotations() {
    return rotations;
  }

  void rotate() throws IOException {
    Path rotated = file.resolveSibling(file.getFileName() + "." + ++rotations);
    if (rotation == Rotation.RENAME) {
      out.close();
      Files.move(file, rotated, StandardCopyOption.ATOMIC_MOVE);
      open();
    } else {
      Files.copy(file, rotated);
      out.truncate(0);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
