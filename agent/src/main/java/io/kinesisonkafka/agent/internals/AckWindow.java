package io.kinesisonkafka.agent.internals;

import java.util.ArrayDeque;

/**
 * The source offsets of one file's records in flight, in file order. Records are acknowledged in
 * any order (they go to different shards); {@link #acked()} is the end of the longest prefix that
 * is acknowledged: the offset a checkpoint may hold, so that a restart repeats only what was in
 * flight. Completions arrive on the producers' threads, hence the lock.
 */
final class AckWindow {
  static final int PENDING = 0;
  static final int DONE = 1;
  static final int FAILED = 2;

  /** One record: the source offset just past it, and its state. */
  static final class Entry {
    final long end;
    int state;

    Entry(long end, int state) {
      this.end = end;
      this.state = state;
    }
  }

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long base;
  private int pending;
  private boolean failed;

  AckWindow(long base) {
    this.base = base;
  }

  /** A record sent, ending at source offset {@code end}. */
  synchronized Entry sent(long end) {
    Entry e = new Entry(end, PENDING);
    entries.addLast(e);
    pending++;
    return e;
  }

  /** Source bytes that need no acknowledgement (skipped lines, headers, a footer). */
  synchronized void skipped(long end) {
    if (entries.isEmpty()) {
      base = Math.max(base, end);
    } else {
      entries.addLast(new Entry(end, DONE));
    }
  }

  /** Called from a producer's thread. */
  synchronized void complete(Entry e, boolean ok) {
    if (e.state != PENDING) {
      return;
    }
    e.state = ok ? DONE : FAILED;
    pending--;
    failed |= !ok;
    advance();
  }

  /** The end of the acknowledged prefix. */
  synchronized long acked() {
    advance();
    return base;
  }

  synchronized boolean failed() {
    return failed;
  }

  synchronized int inFlight() {
    return pending;
  }

  /** Forgets every record (after a failure, once none is in flight): reading resumes at acked. */
  synchronized long reset() {
    advance();
    entries.clear();
    pending = 0;
    failed = false;
    return base;
  }

  /** Forgets everything and starts at {@code offset} (a truncated file starts again at 0). */
  synchronized void restart(long offset) {
    entries.clear();
    pending = 0;
    failed = false;
    base = offset;
  }

  private void advance() {
    while (!entries.isEmpty() && entries.peekFirst().state == DONE) {
      base = entries.pollFirst().end;
    }
  }
}
