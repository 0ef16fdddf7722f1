package io.kinesisonkafka.bench;

import java.util.Objects;

/**
 * One metric measured for this project ("ours") and for the baseline.
 *
 * @param metric the name in the final {@code ratio <metric> <x>} line, e.g. {@code put}
 * @param ours this project's throughput
 * @param baseline the baseline's throughput for the same work
 */
public record Comparison(String metric, Throughput ours, Throughput baseline) {

  public Comparison {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(ours, "ours");
    Objects.requireNonNull(baseline, "baseline");
  }

  /** Ours / baseline in records per second; above 1 means ours is faster. */
  public double ratio() {
    return ours.recordsPerSecond() / baseline.recordsPerSecond();
  }
}
