package io.kinesisonkafka.firehose.internals.delivery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Firehose's S3 prefix expressions: {@code !{timestamp:<DateTimeFormatter pattern>}} (UTC, the
 * arrival time of the batch's oldest record), {@code !{firehose:random-string}} and {@code
 * !{firehose:error-output-type}} (error prefix only). A prefix without a timestamp expression gets
 * {@code !{timestamp:yyyy/MM/dd/HH/}} appended, as Firehose does.
 *
 * <p>Unlike Firehose, {@code random-string} is drawn from a seed of the batch (stream, partition,
 * first offset), so a batch delivered again gets the same key: that is what makes delivered objects
 * exactly-once.
 */
public final class Prefixes {
  private static final Pattern EXPRESSION = Pattern.compile("!\\{([a-zA-Z]+):([^}]*)}");
  private static final String DEFAULT_TIMESTAMP = "!{timestamp:yyyy/MM/dd/HH/}";
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final DateTimeFormatter SUFFIX_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Prefixes() {}

  /** What is wrong with a destination's two prefixes, as Firehose would reject them. */
  public static List<String> problems(String prefix, String errorOutputPrefix) {
    List<String> problems = new ArrayList<>();
    boolean expressions = check("prefix", prefix, false, problems);
    if (errorOutputPrefix == null) {
      if (expressions) {
        problems.add("errorOutputPrefix must be given when prefix has expressions");
      }
    } else {
      check("errorOutputPrefix", errorOutputPrefix, true, problems);
      if (!errorOutputPrefix.contains("!{firehose:error-output-type}")) {
        problems.add("errorOutputPrefix must contain !{firehose:error-output-type}");
      }
    }
    return problems;
  }

  private static boolean check(String what, String prefix, boolean error, List<String> problems) {
    if (prefix == null) {
      return false;
    }
    if (prefix.length() > 1024) {
      problems.add(what + " must be at most 1024 characters");
    }
    Matcher m = EXPRESSION.matcher(prefix);
    boolean any = false;
    while (m.find()) {
      any = true;
      String namespace = m.group(1);
      String value = m.group(2);
      switch (namespace) {
        case "timestamp" -> {
          try {
            DateTimeFormatter.ofPattern(value, Locale.ROOT);
          } catch (IllegalArgumentException e) {
            problems.add(what + " has a bad timestamp pattern '" + value + "': " + e.getMessage());
          }
        }
        case "firehose" -> {
          if (!value.equals("random-string") && !(error && value.equals("error-output-type"))) {
            problems.add(what + " has an unknown expression !{firehose:" + value + "}");
          }
        }
        default -> problems.add(what + " has an unknown namespace '" + namespace + "'");
      }
    }
    String rest = EXPRESSION.matcher(prefix).replaceAll("");
    if (rest.contains("!{")) {
      problems.add(what + " has an unterminated or empty expression");
    }
    return any;
  }

  /**
   * Evaluates a prefix for one batch.
   *
   * @param oldestArrival arrival time of the batch's oldest record
   * @param errorOutputType the error output type, for an error prefix; null otherwise
   * @param seed the batch's seed for {@code random-string}
   */
  public static String evaluate(
      String prefix, Instant oldestArrival, String errorOutputType, long seed) {
    String p = prefix == null ? "" : prefix;
    if (!p.contains("!{timestamp:")) {
      p = p + DEFAULT_TIMESTAMP;
    }
    SplittableRandom random = new SplittableRandom(seed);
    Matcher m = EXPRESSION.matcher(p);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = m.group(2);
      String replacement =
          switch (m.group(1)) {
            case "timestamp" ->
                DateTimeFormatter.ofPattern(value, Locale.ROOT)
                    .withZone(ZoneOffset.UTC)
                    .format(oldestArrival);
            case "firehose" ->
                value.equals("error-output-type") ? errorOutputType : randomString(random);
            default -> m.group();
          };
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String randomString(SplittableRandom random) {
    StringBuilder s = new StringBuilder(11);
    for (int i = 0; i < 11; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  /**
   * The name of a batch's object after its prefix: {@code <stream>-<partition>-<time of the oldest
   * record>-<first offset, 20 digits>}; Firehose puts a random UUID where the offsets are.
   */
  public static String objectName(
      String stream, int partition, Instant oldestArrival, long firstOffset, String extension) {
    return String.format(
        Locale.ROOT,
        "%s-%d-%s-%020d%s",
        stream,
        partition,
        SUFFIX_TIME.format(oldestArrival),
        firstOffset,
        extension);
  }

  /** A seed for {@code random-string} that the same batch always gets. */
  public static long seed(String stream, int partition, long firstOffset) {
    return stream.hashCode() * 31L * 31L + partition * 31L + firstOffset;
  }
}
