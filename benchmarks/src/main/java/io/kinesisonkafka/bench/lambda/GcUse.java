package io.kinesisonkafka.bench.lambda;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Collections in this JVM (the clients; the broker is its own process) and their time so far: the
 * two sides share one heap, so a pass's collections are that side's.
 */
record GcUse(long collections, long millis) {

  static GcUse now() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new GcUse(count, millis);
  }

  GcUse minus(GcUse earlier) {
    return new GcUse(collections - earlier.collections, millis - earlier.millis);
  }

  /** For a pass line: e.g. {@code gc 12 x, 85 ms}. */
  String describe() {
    return String.format(Locale.ROOT, "gc %d x, %d ms", collections, millis);
  }
}
