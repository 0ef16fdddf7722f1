package io.kinesisonkafka.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every invalid producer setting found, reported at once. */
final class ConfigProblems {
  private final List<String> problems = new ArrayList<>();

  void add(String problem) {
    problems.add(problem);
  }

  void atLeast(String name, long value, long min) {
    if (value < min) {
      add(name + " must be >= " + min + ", but was " + value);
    }
  }

  void between(String name, long value, long min, long max) {
    if (value < min || value > max) {
      add(name + " must be between " + min + " and " + max + ", but was " + value);
    }
  }

  void between(String name, Duration value, long minMillis, long maxMillis) {
    if (value == null) {
      add(name + " must not be null");
    } else if (value.toMillis() < minMillis || value.toMillis() > maxMillis) {
      add(
          name
              + " must be between "
              + minMillis
              + "ms and "
              + maxMillis
              + "ms, but was "
              + ms(value));
    }
  }

  static String ms(Duration d) {
    return d.toMillis() + "ms";
  }

  /**
   * @throws IllegalArgumentException naming every problem, when there is one
   */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid producer configuration: " + String.join("; ", problems));
    }
  }
}
