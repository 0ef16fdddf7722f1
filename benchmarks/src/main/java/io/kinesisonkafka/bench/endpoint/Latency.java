package io.kinesisonkafka.bench.endpoint;

import java.util.Arrays;

/**
 * Percentiles of a set of latency samples (nearest rank).
 *
 * @param samples how many samples
 * @param p50Nanos the median
 * @param p99Nanos the 99th percentile
 * @param maxNanos the largest sample
 */
record Latency(int samples, long p50Nanos, long p99Nanos, long maxNanos) {

  static Latency of(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latency(
        sorted.length, rank(sorted, 50), rank(sorted, 99), sorted[sorted.length - 1]);
  }

  private static long rank(long[] sorted, double percentile) {
    int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  double p50Millis() {
    return p50Nanos / 1e6;
  }

  double p99Millis() {
    return p99Nanos / 1e6;
  }

  double maxMillis() {
    return maxNanos / 1e6;
  }
}
