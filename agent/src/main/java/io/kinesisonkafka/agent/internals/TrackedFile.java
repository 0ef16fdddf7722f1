package io.kinesisonkafka.agent.internals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * One file of a flow, by identity: its open channel (which still reads the file after a rename or a
 * delete), how far it was read, the records of it in flight ({@link AckWindow}), and a fingerprint
 * of its first bytes that tells a truncated-and-rewritten file, or a copy, from the file itself.
 * Confined to the flow's tailer thread, except {@link #path}, the fingerprint and the window, which
 * the checkpoint writer reads.
 */
final class TrackedFile {
  static final int HEAD_BYTES = 1024;

  final FileId id;
  private final FileChannel channel;
  final AckWindow window;
  volatile Path path;
  volatile int headLength;
  volatile long headHash;

  /** Next source byte to read. */
  long position;

  /** Seen by the last listing under a matching path. */
  boolean listed = true;

  long lastModifiedMillis;

  /** Reading order among the flow's files: lower first. */
  long order;

  /** A read found the file truncated; the next listing deals with it. */
  boolean truncatedSeen;

  /** The last read reached the end of the file's complete lines. */
  boolean caughtUp;

  long lastGrowthNanos;
  long knownSize;
  int headerLinesToSkip;
  boolean finished;
  boolean skippingLongLine;

  /** A multi-line record being gathered: its bytes and first source offset. */
  byte[] pending;

  int pendingLength;
  long pendingStart;

  /** Failed records are read again from the acknowledged offset, no sooner than this. */
  long retryAtNanos;

  long backoffMillis;

  /**
   * Why a record of this file last failed (set on a producer's thread, read by the tailer when it
   * reads the file again): for the warning that says so.
   */
  volatile String lastFailure;

  /**
   * A file read from {@code position} through {@code channel}, which must be the file {@code id}
   * (opened with {@link FileId#open}: a path names whatever file is under it now, not the one
   * listed); the file owns the channel from now on.
   */
  TrackedFile(FileId id, Path path, FileChannel channel, long position, int headerLinesToSkip)
      throws IOException {
    this.id = id;
    this.path = path;
    this.channel = channel;
    this.position = position;
    this.window = new AckWindow(position);
    this.headerLinesToSkip = position == 0 ? headerLinesToSkip : 0;
    this.lastGrowthNanos = System.nanoTime();
    this.knownSize = channel.size();
    refreshHead();
  }

  long size() throws IOException {
    return channel.size();
  }

  int read(ByteBuffer into, long at) throws IOException {
    return channel.read(into, at);
  }

  /** Extends the fingerprint while the file is shorter than {@link #HEAD_BYTES}. */
  void refreshHead() throws IOException {
    if (headLength < HEAD_BYTES) {
      long size = channel.size();
      int n = (int) Math.min(HEAD_BYTES, size);
      if (n > headLength) {
        headHash = hash(channel, n);
        headLength = n;
      }
    }
  }

  /** Whether the first bytes are no longer those fingerprinted: truncated and rewritten. */
  boolean headChanged() throws IOException {
    return headLength > 0 && (channel.size() < headLength || hash(channel, headLength) != headHash);
  }

  /** Starts the file again from offset 0 (it was truncated). */
  void restart(int headerLines) throws IOException {
    position = 0;
    window.restart(0);
    headLength = 0;
    headHash = 0;
    finished = false;
    skippingLongLine = false;
    pending = null;
    pendingLength = 0;
    headerLinesToSkip = headerLines;
    refreshHead();
  }

  /** Whether a file's first bytes are this file's fingerprint. */
  boolean sameHead(FileChannel other) throws IOException {
    return headLength > 0 && other.size() >= headLength && hash(other, headLength) == headHash;
  }

  static long hash(FileChannel ch, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    long at = 0;
    while (b.hasRemaining()) {
      int n = ch.read(b, at);
      if (n < 0) {
        break;
      }
      at += n;
    }
    CRC32C crc = new CRC32C();
    b.flip();
    crc.update(b);
    return (crc.getValue() << 16) ^ length;
  }

  void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to do with it
    }
  }

  @Override
  public String toString() {
    return path + " (" + id + ")";
  }
}
