package io.kinesisonkafka.lambda.internals;

import java.util.Arrays;

/**
 * The original data of the batch a lane works on, so that the function can own the records' own
 * arrays. Lambda gives every invocation a fresh, writable copy of each record's data, and a retry
 * (after an error, a partial failure or a bisect) must show the data as it was, whatever the failed
 * invocation wrote into its buffers. Rather than copying every record into a new array for every
 * invocation, a record's first invocation hands over the record's own array (consumer-lib gives
 * each record an array of its own) after saving its bytes into one reused slab here; only a record
 * invoked again gets a new array, copied from the slab. The slab is kept while the lane is busy and
 * given back when it idles.
 *
 * <p>Lane thread only (the thread the watchdog starts after a timeout takes the lane over).
 */
final class BatchData {
  private static final byte[] EMPTY = new byte[0];

  private byte[] slab = EMPTY;
  private int used;

  /** A new batch begins: the previous batch's saved data is no longer needed. */
  void newBatch() {
    used = 0;
  }

  /** The lane idles: gives the slab back, so idle lanes hold no memory for data. */
  void release() {
    slab = EMPTY;
    used = 0;
  }

  /**
   * What the function gets as an entry's data (of the current batch) in an invocation being made.
   *
   * @return a new copy of the original data if the record was in an invocation before; null on its
   *     first: then the function gets the record's own array, whose bytes are saved here first
   */
  byte[] copyIfInvokedBefore(Entry e) {
    if (e.savedAt >= 0) {
      return Arrays.copyOfRange(slab, e.savedAt, e.savedAt + e.record.dataSize());
    }
    int size = e.record.dataSize();
    if (slab.length - used < size) {
      grow(size);
    }
    e.record.copyData(slab, used);
    e.savedAt = used;
    used += size;
    return null;
  }

  private void grow(int size) {
    long needed = (long) used + size;
    if (needed > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a batch's data exceeds 2 GiB");
    }
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * slab.length));
    slab = Arrays.copyOf(slab, Math.max(capacity, 64 * 1024));
  }
}
