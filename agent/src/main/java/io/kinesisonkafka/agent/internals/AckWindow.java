package io.kinesisonkafka.agent.internals;

import java.util.ArrayDeque;

/**
 * The source offsets of one file's records in flight, in file order, kept per batch: consecutive
 * records of one read (up to {@link RecordReader#BATCH_RECORDS}) share one {@link Batch}, so the
 * tailer pays for one entry per batch, not one per line. Records are acknowledged in any order
 * (they go to different shards); {@link #acked()} is the end of the longest prefix of batches whose
 * records Kafka all acknowledged: the offset a checkpoint may hold, so that a restart repeats only
 * what was in flight and the rest of its batches. Completions arrive on the producers' threads,
 * hence the lock.
 *
 * <p>A batch is open while its read adds records to it ({@link #sent}), then {@link #seal sealed};
 * it is settled once sealed with none of its records pending. A failed record fails its batch: the
 * prefix stops before it, and after a {@link #reset()} the file is read again from there.
 */
final class AckWindow {

  /** Consecutive records of one read, and the source offset just past them. */
  static final class Batch {
    private long end;
    private int pending;
    private boolean sealed;
    private boolean failed;
    private boolean cleared;
    private int okRecords;
    private long okBytes;

    /** Records of the batch that Kafka acknowledged; final once the batch is settled. */
    int okRecords() {
      return okRecords;
    }

    /** Their bytes as sent. */
    long okBytes() {
      return okBytes;
    }

    private boolean settled() {
      return sealed && pending == 0;
    }
  }

  private final ArrayDeque<Batch> batches = new ArrayDeque<>();
  private Batch open;
  private long base;
  private int pending;
  private boolean failed;

  AckWindow(long base) {
    this.base = base;
  }

  /**
   * A record sent, ending at source offset {@code end}: it joins the open batch (a new one if none
   * is open). Pass the batch to {@link #complete} when the record's outcome is known.
   */
  synchronized Batch sent(long end) {
    Batch b = open;
    if (b == null) {
      b = new Batch();
      open = b;
      batches.addLast(b);
    }
    b.end = end;
    b.pending++;
    pending++;
    return b;
  }

  /**
   * Source bytes that need no acknowledgement (skipped lines, headers, a footer), up to {@code
   * end}: acknowledged at once if nothing is in flight, else with the last batch.
   */
  synchronized void skipped(long end) {
    Batch last = batches.peekLast();
    if (last == null) {
      base = Math.max(base, end);
    } else {
      last.end = Math.max(last.end, end);
    }
  }

  /**
   * Closes the open batch: records sent from now on go to a new one. Returns the batch if this
   * settled it (its records all completed already), for its counts; else null.
   */
  synchronized Batch seal() {
    Batch b = open;
    if (b == null) {
      return null;
    }
    open = null;
    b.sealed = true;
    if (b.settled()) {
      advance();
      return b;
    }
    return null;
  }

  /**
   * One record of {@code b} completed (called from a producer's thread). Returns true if this
   * settled the batch: then its {@link Batch#okRecords()} and {@link Batch#okBytes()} are final.
   */
  synchronized boolean complete(Batch b, boolean ok, int bytes) {
    if (b.cleared || b.pending == 0) {
      return false;
    }
    b.pending--;
    pending--;
    if (ok) {
      b.okRecords++;
      b.okBytes += bytes;
    } else {
      b.failed = true;
      failed = true;
    }
    if (b.settled()) {
      advance();
      return true;
    }
    return false;
  }

  /** The end of the acknowledged prefix. */
  synchronized long acked() {
    advance();
    return base;
  }

  synchronized boolean failed() {
    return failed;
  }

  /** Records sent and not completed. */
  synchronized int inFlight() {
    return pending;
  }

  /** Forgets every record (after a failure, once none is in flight): reading resumes at acked. */
  synchronized long reset() {
    advance();
    clear();
    return base;
  }

  /** Forgets everything and starts at {@code offset} (a truncated file starts again at 0). */
  synchronized void restart(long offset) {
    clear();
    base = offset;
  }

  private void clear() {
    for (Batch b : batches) {
      b.cleared = true;
    }
    batches.clear();
    open = null;
    pending = 0;
    failed = false;
  }

  private void advance() {
    Batch head;
    while ((head = batches.peekFirst()) != null && head.settled() && !head.failed) {
      base = head.end;
      batches.pollFirst();
    }
  }
}
