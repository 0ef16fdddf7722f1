package io.kinesisonkafka.agent.processing;

import java.nio.charset.StandardCharsets;

/**
 * SINGLELINE: a multi-line record becomes one line. Each line is trimmed unless {@code NO_TRIM};
 * lines are joined with nothing, or with the two characters {@code \n} under {@code
 * ESCAPE_NEW_LINE}; the result ends with a newline.
 */
final class SingleLine implements DataConverter {
  private final boolean trim;
  private final String joiner;

  SingleLine(boolean noTrim, boolean escapeNewLine) {
    this.trim = !noTrim;
    this.joiner = escapeNewLine ? "\\n" : "";
  }

  @Override
  public byte[] convert(byte[] record) {
    String[] lines = Json.text(record).split("\n", -1);
    StringBuilder out = new StringBuilder(record.length + 1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.append(joiner);
      }
      out.append(trim ? lines[i].trim() : lines[i]);
    }
    return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }
}
