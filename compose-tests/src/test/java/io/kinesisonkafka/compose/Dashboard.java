package io.kinesisonkafka.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard's PromQL queries, and the metric names they use. A name is what remains of
 * an expression once strings, label matchers ({@code {...}}), ranges ({@code [1m]}), grouping
 * clauses ({@code by (...)}), functions (a name followed by "(") and keywords are taken out.
 */
final class Dashboard {
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan");
  private static final Pattern NAME =
      Pattern.compile("(?<![a-zA-Z0-9_:$.])[a-zA-Z_:][a-zA-Z0-9_:]*");

  private Dashboard() {}

  static Path file() {
    return ComposeFile.repoRoot().resolve("compose/grafana/dashboards/kinesis-on-kafka.json");
  }

  /** Every {@code expr} of every panel target (and of any nested row or template query). */
  static List<String> expressions(Path dashboard) {
    try {
      JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
      List<String> exprs = new ArrayList<>();
      root.findValues("expr").forEach(e -> exprs.add(e.asText()));
      return exprs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The metric names one PromQL expression reads. */
  static Set<String> metricNames(String expr) {
    String s =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(s);
    while (m.find()) {
      String name = m.group();
      boolean function = s.substring(m.end()).matches("(?s)\\s*\\(.*");
      if (!function && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  static Set<String> metricNames(Path dashboard) {
    Set<String> names = new TreeSet<>();
    expressions(dashboard).forEach(e -> names.addAll(metricNames(e)));
    return names;
  }
}
