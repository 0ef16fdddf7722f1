package io.kinesisonkafka.firehose.internals.delivery;

import io.kinesisonkafka.firehose.BufferingHints;
import java.util.ArrayList;
import java.util.List;

/**
 * What one source partition has read and not yet delivered. A batch is cut when the buffer holds
 * the size hint, when its oldest record has waited the interval, or exactly at a boundary recorded
 * before a restart ({@link #cutAt}). Confined to the delivery stream's thread.
 */
public final class PartitionBuffer {
  private final String stream;
  private final int partition;
  private final List<BufferedRecord> records = new ArrayList<>();
  private long firstOffset;
  private long endOffset;
  private long bytes;
  private long firstAddedNanos;
  private long recordedEnd = -1;

  public PartitionBuffer(String stream, int partition, long position) {
    this.stream = stream;
    this.partition = partition;
    this.firstOffset = position;
    this.endOffset = position;
  }

  public int partition() {
    return partition;
  }

  /**
   * A batch recorded before a restart ends at {@code end}: the next batch is cut exactly there,
   * whatever the hints say, so that it is the same batch and gets the same object name.
   */
  public void cutAt(long end) {
    this.recordedEnd = end;
  }

  /** The recorded boundary still to reach, or -1. */
  public long recordedEnd() {
    return recordedEnd;
  }

  /** Whether a record at {@code offset} belongs to the next batch rather than this one. */
  public boolean endsBefore(long offset) {
    return recordedEnd >= 0 && offset >= recordedEnd;
  }

  /** Adds the records of the Kafka record at {@code offset} (several for a KPL aggregate). */
  public void add(long offset, List<BufferedRecord> fromOneOffset, long nowNanos) {
    if (records.isEmpty()) {
      firstAddedNanos = nowNanos;
    }
    for (BufferedRecord r : fromOneOffset) {
      records.add(r);
      bytes += r.data().length;
    }
    endOffset = offset + 1;
  }

  /** The consumer's position moved past offsets with no records (transaction markers, gaps). */
  public void advanceTo(long position) {
    if (position > endOffset && (recordedEnd < 0 || position <= recordedEnd)) {
      if (records.isEmpty() && endOffset == firstOffset) {
        firstOffset = position;
      }
      endOffset = position;
    }
  }

  public boolean isEmpty() {
    return records.isEmpty();
  }

  /** Whether a batch is due now. */
  public boolean due(BufferingHints hints, long nowNanos, long position) {
    if (recordedEnd >= 0) {
      return position >= recordedEnd;
    }
    if (records.isEmpty()) {
      return false;
    }
    return bytes >= hints.sizeInBytes() || nowNanos - firstAddedNanos >= hints.interval().toNanos();
  }

  /** Whether adding {@code more} bytes would pass the size hint: cut before, as Firehose does. */
  public boolean fullBefore(BufferingHints hints, long more) {
    return recordedEnd < 0 && !records.isEmpty() && bytes + more > hints.sizeInBytes();
  }

  /** Takes the buffered records as a batch and starts the next one where it ends. */
  public Batch cut() {
    long end = recordedEnd >= 0 ? recordedEnd : endOffset;
    Batch batch = new Batch(stream, partition, firstOffset, end, records);
    records.clear();
    bytes = 0;
    firstOffset = end;
    endOffset = end;
    recordedEnd = -1;
    return batch;
  }
}
