package io.kinesisonkafka.agent.processing;

import java.nio.charset.StandardCharsets;

/**
 * ADDBRACKETS: wraps the record in braces. The AWS agent puts the closing brace after the record's
 * newline ({@code "{...\n}"}); this one keeps the record a line: {@code "{...}\n"}.
 */
final class AddBrackets implements DataConverter {
  @Override
  public byte[] convert(byte[] record) {
    return ("{" + Json.text(record) + "}\n").getBytes(StandardCharsets.UTF_8);
  }
}
