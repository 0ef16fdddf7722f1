package io.kinesisonkafka.agent.processing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LOGTOJSON: parses the record with its format's pattern (or {@code matchPattern}) and writes the
 * groups as a JSON object named by the format's fields (or {@code customFieldNames}). A record that
 * does not match is skipped, as the AWS agent skips it (it returns no record and logs at debug);
 * here the skip is counted ({@code TotalRecordsSkipped}).
 */
final class LogToJson implements DataConverter {
  private final Pattern pattern;
  private final List<String> fields;
  private final boolean dashIsNull;
  private final Json json;

  LogToJson(LogFormat format, Pattern matchPattern, List<String> customFields, Json json) {
    this.pattern = matchPattern != null ? matchPattern : format.pattern();
    this.fields = customFields != null ? List.copyOf(customFields) : format.fields();
    this.dashIsNull = format.dashIsNull();
    this.json = json;
  }

  @Override
  public byte[] convert(byte[] record) {
    Matcher m = pattern.matcher(Json.text(record));
    if (!m.matches() || m.groupCount() != fields.size()) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      String value = m.group(i + 1);
      out.put(fields.get(i), dashIsNull && "-".equals(value) ? null : value);
    }
    return json.write(out);
  }
}
