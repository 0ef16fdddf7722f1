package io.kinesisonkafka.agent;

import java.util.List;

/** A configuration the agent cannot run: one message per wrong key, all of them at once. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /**
   * @param problems one message per wrong key, each naming the key
   */
  public ConfigException(List<String> problems) {
    super(
        "the agent's configuration has "
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + ":\n  "
            + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * One message per wrong key.
   *
   * @return the messages
   */
  public List<String> problems() {
    return problems;
  }
}
