package io.kinesisonkafka.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Collections in this JVM and their accumulated time so far, to tell pauses from the rest of a pass
 * (a pass's collections are the difference of two readings).
 *
 * @param collections collections so far
 * @param millis their accumulated time
 */
public record GcTime(long collections, long millis) {

  /** The reading now, summed over the JVM's collectors. */
  public static GcTime now() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new GcTime(count, millis);
  }

  /** What happened since {@code earlier}. */
  public GcTime minus(GcTime earlier) {
    return new GcTime(collections - earlier.collections, millis - earlier.millis);
  }

  /** For a pass line: e.g. {@code gc 12 x, 85 ms}. */
  public String describe() {
    return String.format(Locale.ROOT, "gc %d x, %d ms", collections, millis);
  }
}
