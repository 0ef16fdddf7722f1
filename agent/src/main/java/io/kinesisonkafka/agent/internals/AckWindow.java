package io.kinesisonkafka.agent.internals;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;

/**
 * The source offsets of one file's records in flight, in file order, kept per batch: consecutive
 * records of one read (up to {@link RecordReader#BATCH_RECORDS}) share one {@link Batch}, so the
 * tailer pays for one entry per batch, not one per line. Records are acknowledged in any order
 * (they go to different shards); {@link #acked()} is the end of the longest prefix of batches whose
 * records Kafka all acknowledged: the offset a checkpoint may hold, so that a restart repeats only
 * what was in flight and the rest of its batches. Failures fail their batch: the prefix stops
 * before it, and after a {@link #reset()} the file is read again from there.
 *
 * <p>Per record, neither side takes the window's lock: the tailer counts a sent record in plain
 * fields of the open batch, and a completion (on one of the producers' I/O threads, several at
 * once) is one atomic decrement of its batch's pending count. An open batch's count starts at
 * {@link #OPEN} (more than a batch's records), so completions cannot settle it before {@link #seal}
 * takes that bias off along with the records sent; whichever brings the count to zero settles the
 * batch and takes the lock to move the prefix on. A lock per record was contended by the tailer and
 * every I/O thread.
 */
final class AckWindow {
  /** What an open batch's pending count starts at: above any batch's number of records. */
  private static final int OPEN = 1 << 30;

  private static final VarHandle PENDING;
  private static final VarHandle SENT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      PENDING = l.findVarHandle(Batch.class, "pending", int.class);
      SENT = l.findVarHandle(Batch.class, "sent", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Consecutive records of one read, and the source offset just past them. */
  static final class Batch {
    private long end; // written by the tailer; under the lock once the batch is sealed
    private int sent; // the tailer's count (written with release: inFlight() may read it)
    private long sentBytes; // tailer only until sealed
    private volatile int pending =
        OPEN; // OPEN + sent - completed while open; sent - completed after
    private boolean sealed; // guarded by the window
    private boolean failed; // guarded by the window
    private boolean cleared; // guarded by the window
    private int failedRecords; // guarded by the window
    private long failedBytes; // guarded by the window

    /** Records of the batch that Kafka acknowledged; final once the batch is settled. */
    int okRecords() {
      return sent - failedRecords;
    }

    /** Their bytes as sent. */
    long okBytes() {
      return sentBytes - failedBytes;
    }

    private boolean settled() {
      return sealed && pending == 0;
    }

    /** Records not completed yet. */
    private int inFlight() {
      int p = pending;
      return p >= OPEN / 2 ? (int) SENT.getAcquire(this) - (OPEN - p) : Math.max(0, p);
    }
  }

  private final ArrayDeque<Batch> batches = new ArrayDeque<>();
  private Batch open; // the tailer's
  private long base;
  private boolean failed;

  AckWindow(long base) {
    this.base = base;
  }

  /**
   * A record of {@code bytes} sent, ending at source offset {@code end} (tailer thread): it joins
   * the open batch (a new one if none is open). Pass the batch to {@link #complete} when the
   * record's outcome is known.
   */
  Batch sent(long end, int bytes) {
    Batch b = open;
    if (b == null) {
      b = new Batch();
      synchronized (this) {
        open = b;
        batches.addLast(b);
      }
    }
    b.end = end;
    b.sentBytes += bytes;
    SENT.setRelease(b, b.sent + 1);
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
    if ((int) PENDING.getAndAdd(b, b.sent - OPEN) == OPEN - b.sent) {
      advance();
      return b;
    }
    return null;
  }

  /**
   * One record of {@code b}, of {@code bytes}, completed (called from a producer's thread). Returns
   * true if this settled the batch: then its {@link Batch#okRecords()} and {@link Batch#okBytes()}
   * are final.
   */
  boolean complete(Batch b, boolean ok, int bytes) {
    if (!ok) {
      synchronized (this) {
        if (b.cleared) {
          return false;
        }
        b.failed = true;
        b.failedRecords++;
        b.failedBytes += bytes;
        failed = true;
      }
    }
    if ((int) PENDING.getAndAdd(b, -1) != 1) {
      return false;
    }
    synchronized (this) {
      if (b.cleared) {
        return false;
      }
      advance();
      return true;
    }
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
    int n = 0;
    for (Batch b : batches) {
      n += b.inFlight();
    }
    return n;
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
