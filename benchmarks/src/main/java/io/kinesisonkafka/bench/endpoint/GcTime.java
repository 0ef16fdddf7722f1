package io.kinesisonkafka.bench.endpoint;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** Collections and their accumulated time in this JVM so far, to tell pauses from the rest. */
record GcTime(long collections, long millis) {

  static GcTime now() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new GcTime(count, millis);
  }

  GcTime minus(GcTime earlier) {
    return new GcTime(collections - earlier.collections, millis - earlier.millis);
  }
}
