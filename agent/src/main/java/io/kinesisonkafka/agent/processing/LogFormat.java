package io.kinesisonkafka.agent.processing;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The AWS agent's LOGTOJSON formats: the lines each accepts and the field names it gives them. The
 * grammar follows the agent's (Apache's common and combined access logs, Apache's error log, RFC
 * 3164 syslog and syslog with an RFC 3339 timestamp); a field that Apache writes as {@code -} is
 * null in the Apache formats.
 */
public enum LogFormat {
  /** {@code host ident authuser [datetime] "request" response bytes}. */
  COMMONAPACHELOG(
      Grammar.COMMON + ".*",
      true,
      "host",
      "ident",
      "authuser",
      "datetime",
      "request",
      "response",
      "bytes"),
  /** The common format followed by {@code "referer" "agent"}. */
  COMBINEDAPACHELOG(
      Grammar.COMBINED + ".*",
      true,
      "host",
      "ident",
      "authuser",
      "datetime",
      "request",
      "response",
      "bytes",
      "referer",
      "agent"),
  /** {@code [timestamp] [module:severity] [pid N:tid N] [client host] message}. */
  APACHEERRORLOG(
      Grammar.ERROR,
      true,
      "timestamp",
      "module",
      "severity",
      "processid",
      "threadid",
      "client",
      "message"),
  /** {@code Mmm dd hh:mm:ss host program[pid]: message}. */
  SYSLOG(
      Grammar.syslog(Grammar.SYSLOG_TIME),
      false,
      "timestamp",
      "hostname",
      "program",
      "processid",
      "message"),
  /** Like SYSLOG with an RFC 3339 timestamp. */
  RFC3339SYSLOG(
      Grammar.syslog(Grammar.RFC3339),
      false,
      "timestamp",
      "hostname",
      "program",
      "processid",
      "message");

  private final Pattern pattern;
  private final boolean dashIsNull;
  private final List<String> fields;

  LogFormat(String regex, boolean dashIsNull, String... fields) {
    this.pattern = Pattern.compile(regex);
    this.dashIsNull = dashIsNull;
    this.fields = List.of(fields);
  }

  /**
   * The pattern a line must match in full.
   *
   * @return the pattern
   */
  public Pattern pattern() {
    return pattern;
  }

  /**
   * The field names, one per capturing group of {@link #pattern()}.
   *
   * @return the names
   */
  public List<String> fields() {
    return fields;
  }

  boolean dashIsNull() {
    return dashIsNull;
  }

  /** Building blocks, named as in the usual log grammars. */
  private static final class Grammar {
    static final String INT = "(?:[+-]?[0-9]+)";
    static final String POSINT = "(?:[1-9][0-9]*)";
    static final String NONNEGINT = "(?:[0-9]+)";
    static final String WORD = "\\w+";
    static final String HOSTNAME = "(?:[\\w-]+)(?:\\.[\\w-]+)*(?:\\.?|\\b)";
    static final String IP = "(?:[\\d.]+)";
    static final String IPORHOST = "(?:" + HOSTNAME + "|" + IP + ")";
    static final String URIHOST = "(?:" + IPORHOST + "(?::" + POSINT + ")?)";
    static final String USER = "(?:[a-zA-Z0-9._-]+)";
    static final String MONTHDAY = "(?:0[1-9]|[12][0-9]|3[01]|[1-9])";
    static final String DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*";
    static final String MONTH = "\\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\b";
    static final String YEAR = "(?:[1-9]\\d*)";
    static final String TIME =
        "(?:(?:2[0123]|[01]?[0-9]):[0-5][0-9]:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)";
    static final String HTTPDATE =
        "(?:" + MONTHDAY + "/" + MONTH + "/" + YEAR + ":" + TIME + "\\s" + INT + ")";
    static final String ERROR_TIME =
        "(?:" + DAY + "\\s+" + MONTH + "\\s+" + MONTHDAY + "\\s+" + TIME + "\\s+" + YEAR + ")";
    static final String SYSLOG_TIME = "(?:" + MONTH + "\\s+" + MONTHDAY + "\\s+" + TIME + ")";
    static final String RFC3339 =
        "(?:\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[-+]\\d{2}:\\d{2}))";
    static final String FACILITY = "<" + NONNEGINT + "\\." + NONNEGINT + ">";

    static final String COMMON =
        "^("
            + IPORHOST
            + ") ("
            + USER
            + ") ("
            + USER
            + ") \\[("
            + HTTPDATE
            + ")\\] \"([^\"]+)\" ("
            + INT
            + "|-) ("
            + INT
            + "|-)";
    static final String COMBINED = COMMON + " \"([^\"]+)\" \"([^\"]+)\"";
    static final String ERROR =
        "^\\[("
            + ERROR_TIME
            + ")\\] \\[(?:("
            + WORD
            + "):)?("
            + WORD
            + ")\\] \\[pid ("
            + NONNEGINT
            + ")(?::tid ("
            + NONNEGINT
            + "))?\\] \\[client ("
            + URIHOST
            + ")\\] (.*)";

    static String syslog(String time) {
      return "^("
          + time
          + ") (?:"
          + FACILITY
          + " )?("
          + USER
          + ") ([\\w._/%-]+)(?:\\[("
          + POSINT
          + ")\\])?: (.*)";
    }

    private Grammar() {}
  }
}
