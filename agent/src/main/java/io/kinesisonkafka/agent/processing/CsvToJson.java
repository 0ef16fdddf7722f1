package io.kinesisonkafka.agent.processing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CSVTOJSON: splits the record on {@code delimiter} (a regular expression, as the AWS agent's: its
 * documented {@code "\\t"} is a tab) and names the columns with {@code customFieldNames}; a missing
 * column is null, extra columns are dropped.
 */
final class CsvToJson implements DataConverter {
  private final List<String> fields;
  private final Pattern delimiter;
  private final Json json;

  CsvToJson(List<String> fields, Pattern delimiter, Json json) {
    this.fields = List.copyOf(fields);
    this.delimiter = delimiter;
    this.json = json;
  }

  @Override
  public byte[] convert(byte[] record) {
    String[] columns = delimiter.split(Json.text(record));
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      out.put(fields.get(i), i < columns.length ? columns[i] : null);
    }
    return json.write(out);
  }
}
