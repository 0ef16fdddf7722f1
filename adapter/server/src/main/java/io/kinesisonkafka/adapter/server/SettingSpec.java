package io.kinesisonkafka.adapter.server;

import java.util.Locale;

/**
 * One row of a settings table (the server's {@link Setting}, the Firehose daemon's): a key from
 * which the command-line flag and the environment variable derive, a default and a doc line. The
 * derivations live here once, so every table names its flags, variables and README rows alike.
 */
public interface SettingSpec {
  /** Dotted key, e.g. {@code tls.port}. */
  String key();

  String defaultValue();

  String doc();

  /** What the flag's value is called in the usage text. */
  default String paramLabel() {
    return "<value>";
  }

  /** {@code --tls-port}. */
  default String flag() {
    return "--" + key().replace('.', '-');
  }

  /** {@code KOK_TLS_PORT}. */
  default String envVar() {
    return "KOK_" + key().replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** The README table of these settings: flag, environment variable, default, meaning. */
  static String markdownTable(SettingSpec... settings) {
    StringBuilder sb = new StringBuilder();
    sb.append("| flag | environment | default | meaning |\n|---|---|---|---|\n");
    for (SettingSpec s : settings) {
      sb.append("| `")
          .append(s.flag())
          .append("` | `")
          .append(s.envVar())
          .append("` | ")
          .append(s.defaultValue().isEmpty() ? "" : "`" + s.defaultValue() + "`")
          .append(" | ")
          .append(s.doc())
          .append(" |\n");
    }
    return sb.toString();
  }
}
