package io.kinesisonkafka.agent.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one entry of a flow's {@code dataProcessingOptions} as the AWS agent documents it,
 * reporting every wrong key instead of stopping at the first.
 */
public final class ProcessingOptions {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ProcessingOptions() {}

  /**
   * Builds the converter an option describes.
   *
   * @param option the option's JSON object
   * @param where how messages name it, e.g. {@code flows[0].dataProcessingOptions[1]}
   * @param problems where a message per wrong key is added
   * @param clock the clock of ADDMETADATA's timestamps
   * @return the converter, or null when the option is wrong (then {@code problems} says why)
   */
  public static DataConverter parse(
      JsonNode option, String where, List<String> problems, Clock clock) {
    if (option == null || !option.isObject()) {
      problems.add(where + ": must be an object with an optionName");
      return null;
    }
    String name = text(option, "optionName", where, problems);
    if (name == null) {
      if (!option.has("optionName")) {
        problems.add(where + ".optionName: missing");
      }
      return null;
    }
    int before = problems.size();
    DataConverter converter =
        switch (name) {
          case "SINGLELINE" -> singleLine(option, where, problems);
          case "CSVTOJSON" -> csv(option, where, problems);
          case "LOGTOJSON" -> log(option, where, problems);
          case "ADDMETADATA" -> metadata(option, where, problems, clock);
          case "ADDBRACKETS" -> {
            keys(option, where, problems, Set.of("optionName"));
            yield new AddBrackets();
          }
          case "ADDEC2METADATA", "USINGPLUGGIN" -> {
            problems.add(
                where
                    + ".optionName: "
                    + name
                    + " is not supported (EC2 instance metadata and Java plug-ins are AWS agent"
                    + " specific); remove it");
            yield null;
          }
          default -> {
            problems.add(
                where
                    + ".optionName: must be one of SINGLELINE, CSVTOJSON, LOGTOJSON, ADDMETADATA,"
                    + " ADDBRACKETS, but was "
                    + name);
            yield null;
          }
        };
    return problems.size() == before ? converter : null;
  }

  private static DataConverter singleLine(JsonNode o, String where, List<String> problems) {
    keys(o, where, problems, Set.of("optionName", "parseOptions"));
    List<String> parse = strings(o, "parseOptions", where, problems);
    boolean noTrim = false;
    boolean escape = false;
    if (parse != null) {
      for (String p : parse) {
        switch (p) {
          case "NO_TRIM" -> noTrim = true;
          case "ESCAPE_NEW_LINE" -> escape = true;
          default ->
              problems.add(
                  where + ".parseOptions: must hold NO_TRIM or ESCAPE_NEW_LINE, but held " + p);
        }
      }
    }
    return new SingleLine(noTrim, escape);
  }

  private static DataConverter csv(JsonNode o, String where, List<String> problems) {
    keys(o, where, problems, Set.of("optionName", "customFieldNames", "delimiter", "jsonFormat"));
    List<String> fields = strings(o, "customFieldNames", where, problems);
    if (fields == null && !o.has("customFieldNames")) {
      problems.add(where + ".customFieldNames: required by CSVTOJSON");
    }
    String delimiter = o.has("delimiter") ? text(o, "delimiter", where, problems) : ",";
    Pattern p = delimiter == null ? null : regex(delimiter, where + ".delimiter", problems);
    Json json = json(o, where, problems);
    return fields == null || p == null || json == null ? null : new CsvToJson(fields, p, json);
  }

  private static DataConverter log(JsonNode o, String where, List<String> problems) {
    keys(
        o,
        where,
        problems,
        Set.of("optionName", "logFormat", "matchPattern", "customFieldNames", "jsonFormat"));
    String formatName = text(o, "logFormat", where, problems);
    LogFormat format = null;
    if (formatName == null) {
      if (!o.has("logFormat")) {
        problems.add(where + ".logFormat: required by LOGTOJSON");
      }
    } else {
      try {
        format = LogFormat.valueOf(formatName);
      } catch (IllegalArgumentException e) {
        problems.add(
            where
                + ".logFormat: must be one of COMMONAPACHELOG, COMBINEDAPACHELOG, APACHEERRORLOG,"
                + " SYSLOG, RFC3339SYSLOG, but was "
                + formatName);
      }
    }
    List<String> fields = strings(o, "customFieldNames", where, problems);
    Pattern match = null;
    if (o.has("matchPattern")) {
      String m = text(o, "matchPattern", where, problems);
      match = m == null ? null : regex(m, where + ".matchPattern", problems);
      if (m != null && fields == null && !o.has("customFieldNames")) {
        problems.add(where + ".customFieldNames: required when matchPattern is given");
      }
      if (match != null && fields != null && match.matcher("").groupCount() != fields.size()) {
        problems.add(
            where
                + ".customFieldNames: "
                + fields.size()
                + " names for the "
                + match.matcher("").groupCount()
                + " groups of matchPattern");
      }
    } else if (format != null && fields != null && fields.size() != format.fields().size()) {
      problems.add(
          where
              + ".customFieldNames: "
              + format
              + " has "
              + format.fields().size()
              + " fields, but "
              + fields.size()
              + " names were given (give matchPattern for other fields)");
    }
    Json json = json(o, where, problems);
    return format == null || json == null ? null : new LogToJson(format, match, fields, json);
  }

  private static DataConverter metadata(
      JsonNode o, String where, List<String> problems, Clock clock) {
    keys(o, where, problems, Set.of("optionName", "metadata", "timestamp", "jsonFormat"));
    Object metadata =
        o.has("metadata") ? MAPPER.convertValue(o.get("metadata"), Object.class) : null;
    boolean timestamp = false;
    JsonNode ts = o.get("timestamp");
    if (ts != null) {
      String v = ts.asText().toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("false")) {
        timestamp = v.equals("true");
      } else {
        problems.add(where + ".timestamp: must be true or false, but was " + ts);
      }
    }
    Json json = json(o, where, problems);
    return json == null ? null : new AddMetadata(metadata, timestamp, json, clock);
  }

  private static Json json(JsonNode o, String where, List<String> problems) {
    if (!o.has("jsonFormat")) {
      return Json.COMPACT;
    }
    String v = text(o, "jsonFormat", where, problems);
    if ("COMPACT".equals(v) || "PRETTYPRINT".equals(v)) {
      return Json.valueOf(v);
    }
    if (v != null) {
      problems.add(where + ".jsonFormat: must be COMPACT or PRETTYPRINT, but was " + v);
    }
    return null;
  }

  private static void keys(JsonNode o, String where, List<String> problems, Set<String> known) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        problems.add(where + "." + k + ": unknown key for " + o.path("optionName").asText());
      }
    }
  }

  private static String text(JsonNode o, String key, String where, List<String> problems) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      problems.add(where + "." + key + ": must be a string, but was " + v);
      return null;
    }
    return v.asText();
  }

  private static List<String> strings(JsonNode o, String key, String where, List<String> problems) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray() || v.isEmpty()) {
      problems.add(where + "." + key + ": must be a non-empty list of strings, but was " + v);
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        problems.add(where + "." + key + ": must be a list of strings, but held " + e);
        return null;
      }
      out.add(e.asText());
    }
    return out;
  }

  private static Pattern regex(String regex, String where, List<String> problems) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      problems.add(where + ": not a regular expression (" + e.getDescription() + "): " + regex);
      return null;
    }
  }
}
