package io.kinesisonkafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/** Checks of what a test's processors saw: each key's values, in order, none missing. */
final class KeyOrder {
  private KeyOrder() {}

  /**
   * Asserts that every key's values 0..perKey-1 were processed and that their first processing was
   * in order; returns how many records were processed more than once.
   */
  static int assertCompleteAndOrdered(Map<String, List<Integer>> byKey, int keys, int perKey) {
    assertThat(byKey).hasSize(keys);
    int duplicates = 0;
    for (Map.Entry<String, List<Integer>> e : byKey.entrySet()) {
      Set<Integer> seen = new HashSet<>();
      List<Integer> firsts = new ArrayList<>();
      for (int v : e.getValue()) {
        if (seen.add(v)) {
          firsts.add(v);
        } else {
          duplicates++;
        }
      }
      assertThat(firsts)
          .as("first processing of each value of %s", e.getKey())
          .containsExactlyElementsOf(IntStream.range(0, perKey).boxed().toList());
    }
    return duplicates;
  }
}
