package io.kinesisonkafka.lambda;

import java.util.List;

/**
 * A mapping file that cannot be started: unknown settings, missing ones, values out of AWS's
 * ranges. Not retriable: the file must change.
 */
public final class InvalidMappingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** One message per setting, in file order. */
  private final List<String> problems;

  /**
   * Makes the exception from its problems.
   *
   * @param problems one message per setting, e.g. {@code BatchSize must be in [1, 10000], but was
   *     0}
   */
  public InvalidMappingException(List<String> problems) {
    super(
        "Invalid event source mapping ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n  "
            + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * The problems, one per setting.
   *
   * @return the messages, in file order
   */
  public List<String> problems() {
    return problems;
  }
}
