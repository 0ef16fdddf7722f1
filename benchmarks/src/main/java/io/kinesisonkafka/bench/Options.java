package io.kinesisonkafka.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark's command-line options: {@code --name value} or {@code --name=value}, each name one
 * the benchmark declared in {@link Benchmark#options()}.
 */
public final class Options {

  /** A bad command line: the harness prints it with the benchmark's usage and exits with 2. */
  public static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Parses {@code args} against the declared option names.
   *
   * @throws UsageException for an undeclared name, a missing value or a repeated option
   */
  public static Options parse(List<String> args, Set<String> declared) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("expected --option, got '" + arg + "'");
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new UsageException("option --" + name + " needs a value");
      }
      if (!declared.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
      if (values.put(name, value) != null) {
        throw new UsageException("option --" + name + " given twice");
      }
    }
    return new Options(values);
  }

  /**
   * The option as an integer within {@code [min, max]}, or {@code defaultValue} when absent.
   *
   * @throws UsageException when it is not such an integer (underscores are allowed, as in {@code
   *     1_000_000})
   */
  public long longValue(String name, long defaultValue, long min, long max) {
    String raw = values.get(name);
    if (raw == null) {
      return defaultValue;
    }
    long value;
    try {
      value = Long.parseLong(raw.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be an integer, got '" + raw + "'");
    }
    if (value < min || value > max) {
      throw new UsageException(
          "--" + name + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  /** Like {@link #longValue} for int-sized options. */
  public int intValue(String name, int defaultValue, int min, int max) {
    return (int) longValue(name, defaultValue, min, max);
  }

  /** The option as given, or {@code defaultValue} when absent. */
  public String stringValue(String name, String defaultValue) {
    String raw = values.get(name);
    return raw == null ? defaultValue : raw;
  }
}
