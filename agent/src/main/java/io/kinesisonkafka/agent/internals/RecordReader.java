package io.kinesisonkafka.agent.internals;

import io.kinesisonkafka.agent.FlowConfig;
import io.kinesisonkafka.agent.processing.DataConverter;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Turns a file's new bytes into records and sends them: lines (or multi-line records), header lines
 * skipped, a footer ends the file, the processing options applied, records over the limit cut and
 * ended with the terminator. Every source byte is accounted for in the file's {@link AckWindow}:
 * sent (acknowledged later) or skipped (at once). Runs on the flow's tailer thread.
 */
final class RecordReader {
  /** What a read found. */
  enum Result {
    /** Read up to the end of the file's complete lines. */
    CAUGHT_UP,
    /** Read a chunk; there may be more. */
    MORE,
    /** The file is shorter than what was read, or its first bytes changed. */
    TRUNCATED
  }

  private final FlowConfig flow;
  private final RecordSink sink;
  private final FlowMetrics metrics;
  private final BiConsumer<TrackedFile, Throwable> onFailure;
  private final int maxData;
  private final ByteBuffer buffer;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final HexFormat hex = HexFormat.of();

  /** The random partition key being written (tailer thread only). */
  private final byte[] key = new byte[32];

  /** Records parsed and send attempts since the meters were last told (once per read). */
  private long parsed;

  private long attempts;

  /**
   * Records per acknowledgement batch at most: a batch costs one entry instead of one per line, and
   * a restart after a SIGKILL repeats at most this many acknowledged lines more than were in flight
   * (the rest of the batch of the first unacknowledged line).
   */
  static final int BATCH_RECORDS = 512;

  /** Records in the open batch. */
  private int inBatch;

  RecordReader(
      FlowConfig flow,
      RecordSink sink,
      FlowMetrics metrics,
      BiConsumer<TrackedFile, Throwable> onFailure) {
    this.flow = flow;
    this.sink = sink;
    this.metrics = metrics;
    this.onFailure = onFailure;
    // Kinesis counts the partition key (32 characters here) in the record limit.
    this.maxData = flow.maxRecordBytes() - 32;
    this.buffer = ByteBuffer.allocate(maxData + 64 * 1024);
  }

  /**
   * Reads one chunk of {@code f} from its position, and sends what it holds. Its records go to the
   * file's {@link AckWindow} in batches of up to {@link #BATCH_RECORDS}, and are counted in the
   * meters once per read.
   */
  Result readChunk(TrackedFile f) throws IOException {
    try {
      return readRecords(f);
    } finally {
      endOfRead(f);
    }
  }

  /**
   * Sends the multi-line record being gathered, which ends at {@code end}, as a read of its own.
   */
  void flushIdle(TrackedFile f, long end) {
    try {
      flushPending(f, end);
    } finally {
      endOfRead(f);
    }
  }

  /** Seals the read's batch and tells the meters what the read did. */
  private void endOfRead(TrackedFile f) {
    seal(f);
    if (parsed > 0) {
      metrics.recordsParsed.increment(parsed);
      parsed = 0;
    }
    if (attempts > 0) {
      metrics.sendAttempts.increment(attempts);
      attempts = 0;
    }
  }

  private void seal(TrackedFile f) {
    inBatch = 0;
    AckWindow.Batch settled = f.window.seal();
    if (settled != null) {
      sentOk(settled);
    }
  }

  private void sentOk(AckWindow.Batch b) {
    if (b.okRecords() > 0) {
      metrics.recordsSent.increment(b.okRecords());
      metrics.bytesSent.increment(b.okBytes());
    }
  }

  private Result readRecords(TrackedFile f) throws IOException {
    long size = f.size();
    if (size < f.position || f.headChanged()) {
      return Result.TRUNCATED;
    }
    if (size == f.position || f.finished) {
      return Result.CAUGHT_UP;
    }
    buffer.clear();
    int n = f.read(buffer, f.position);
    if (n <= 0) {
      return Result.CAUGHT_UP;
    }
    // A truncation between the checks above and the read would have us read the new content as
    // if it continued the old: check again, and drop the chunk if the file changed under us.
    if (f.headChanged() || f.size() < f.position) {
      return Result.TRUNCATED;
    }
    if (f.knownSize != size) {
      f.knownSize = size;
      f.lastGrowthNanos = System.nanoTime();
    }
    byte[] b = buffer.array();
    int start = 0;
    int i;
    while (!f.finished && (i = newline(b, start, n)) >= 0) {
      long end = f.position + i + 1;
      if (f.skippingLongLine) {
        f.skippingLongLine = false;
        f.window.skipped(end);
      } else {
        line(f, Arrays.copyOfRange(b, start, i + 1), f.position + start, end);
      }
      start = i + 1;
    }
    long consumed = start;
    if (!f.finished && start < n) {
      int rest = n - start;
      if (f.skippingLongLine) {
        consumed = n;
        f.window.skipped(f.position + n);
      } else if (rest >= maxData) {
        // A line longer than the record limit: its first part is a record, the rest is dropped.
        metrics.recordsTruncated.increment();
        flushPending(f, f.position + start);
        send(f, truncate(Arrays.copyOfRange(b, start, n)), f.position + n);
        f.skippingLongLine = true;
        consumed = n;
      }
    }
    if (f.finished) {
      consumed = n;
      f.window.skipped(f.position + n);
    }
    metrics.bytesConsumed.increment(consumed);
    f.position += consumed;
    f.refreshHead();
    return n == buffer.capacity() ? Result.MORE : Result.CAUGHT_UP;
  }

  /**
   * The index of the first {@code '\n'} in {@code b[from..to)}, or -1: eight bytes at a time (a
   * byte-by-byte scan was a sixth of the tailer's time).
   */
  static int newline(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (found != 0) {
        // Little-endian: the lowest flagged byte is the first newline (flags above it may be
        // false, never below).
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void line(TrackedFile f, byte[] line, long start, long end) {
    if (f.headerLinesToSkip > 0) {
      f.headerLinesToSkip--;
      f.window.skipped(end);
      return;
    }
    Pattern footer = flow.fileFooterPattern();
    String text = null;
    if (footer != null) {
      text = new String(line, StandardCharsets.UTF_8);
      if (footer.matcher(text.trim()).matches()) {
        // The footer line ends the file, also in the middle of a multi-line record.
        flushPending(f, start);
        f.finished = true;
        f.window.skipped(end);
        return;
      }
    }
    Pattern multi = flow.multiLineStartPattern();
    if (multi == null) {
      record(f, line, end);
      return;
    }
    if (text == null) {
      text = new String(line, StandardCharsets.UTF_8);
    }
    if (multi.matcher(text).lookingAt() || f.pending == null) {
      flushPending(f, start);
      f.pending = new byte[Math.max(256, line.length)];
      f.pendingLength = 0;
      f.pendingStart = start;
    }
    int room = maxData - f.pendingLength;
    if (line.length > room) {
      metrics.recordsTruncated.increment();
    }
    int take = Math.min(room, line.length);
    if (f.pendingLength + take > f.pending.length) {
      f.pending = Arrays.copyOf(f.pending, Math.max(f.pendingLength + take, f.pending.length * 2));
    }
    System.arraycopy(line, 0, f.pending, f.pendingLength, take);
    f.pendingLength += take;
  }

  /** Sends the multi-line record being gathered, which ends at source offset {@code end}. */
  void flushPending(TrackedFile f, long end) {
    if (f.pending != null) {
      byte[] r = Arrays.copyOf(f.pending, f.pendingLength);
      f.pending = null;
      f.pendingLength = 0;
      record(f, r, end);
    }
  }

  private void record(TrackedFile f, byte[] data, long end) {
    parsed++;
    byte[] out = data;
    try {
      for (DataConverter c : flow.dataProcessingOptions()) {
        out = c.convert(out);
        if (out == null) {
          metrics.recordsSkipped.increment();
          f.window.skipped(end);
          return;
        }
      }
    } catch (RuntimeException e) {
      metrics.processingErrors.increment();
      metrics.recordsSkipped.increment();
      f.window.skipped(end);
      return;
    }
    if (out.length > maxData) {
      metrics.recordsTruncated.increment();
      out = truncate(out);
    }
    send(f, out, end);
  }

  private byte[] truncate(byte[] data) {
    byte[] term = flow.truncatedRecordTerminator();
    byte[] out = Arrays.copyOf(data, maxData);
    System.arraycopy(term, 0, out, maxData - term.length, term.length);
    return out;
  }

  private void send(TrackedFile f, byte[] data, long end) {
    int bytes = data.length;
    AckWindow.Batch batch = f.window.sent(end, bytes);
    attempts++;
    sink.send(partitionKey(data), data, new Sent(f, batch, bytes));
    if (++inBatch >= BATCH_RECORDS) {
      seal(f);
    }
  }

  /** A sent record's outcome: the one object per record the agent adds. */
  private final class Sent implements RecordSink.Listener {
    private final TrackedFile f;
    private final AckWindow.Batch batch;
    private final int bytes;

    Sent(TrackedFile f, AckWindow.Batch batch, int bytes) {
      this.f = f;
      this.batch = batch;
      this.bytes = bytes;
    }

    @Override
    public void done(Throwable error) {
      if (f.window.complete(batch, error == null, bytes)) {
        sentOk(batch);
      }
      if (error != null) {
        metrics.sendErrors.increment();
        onFailure.accept(f, error);
      }
    }
  }

  private String partitionKey(byte[] data) {
    if (flow.partitionKeyOption() == FlowConfig.PartitionKeyOption.DETERMINISTIC) {
      try {
        return hex.formatHex(MessageDigest.getInstance("MD5").digest(data));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("MD5 is part of every JDK", e);
      }
    }
    // 32 random hex digits, as HexFormat would write them, in one string.
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long high = r.nextLong();
    long low = r.nextLong();
    for (int k = 0; k < 16; k++) {
      key[k] = HEX_DIGITS[(int) (high >>> (60 - 4 * k)) & 0xF];
      key[16 + k] = HEX_DIGITS[(int) (low >>> (60 - 4 * k)) & 0xF];
    }
    return new String(key, StandardCharsets.ISO_8859_1);
  }
}
