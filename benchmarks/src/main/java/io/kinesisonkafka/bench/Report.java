package io.kinesisonkafka.bench;

import java.util.List;
import java.util.Objects;

/**
 * What a benchmark hands back to the harness for the final table.
 *
 * @param ours column label for this project, e.g. {@code engine}
 * @param baseline column label for the baseline, e.g. {@code kafka-clients}
 * @param basis how the figures were chosen among rounds, e.g. {@code best of 3 rounds}
 * @param comparisons one row and one ratio line each, in order
 */
public record Report(String ours, String baseline, String basis, List<Comparison> comparisons) {

  public Report {
    Objects.requireNonNull(ours, "ours");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(basis, "basis");
    comparisons = List.copyOf(comparisons);
    if (comparisons.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one comparison");
    }
  }
}
