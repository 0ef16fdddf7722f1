package io.kinesisonkafka.adapter.server;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One fault the server injects to test clients' error handling (setting {@code fault.injection}): a
 * share of the calls of one operation (or of every one, {@code *}) answered with
 * ProvisionedThroughputExceededException ({@code throttle}), InternalFailure ({@code error}), or
 * delayed ({@code latency}). Written {@code operation:kind:share[:millis]}, e.g. {@code
 * PutRecords:throttle:0.1} or {@code GetRecords:latency:0.5:200}.
 *
 * @param operation the operation's name ({@code PutRecords}, {@code DeliveryStream} operations
 *     too), or {@code *} for every operation
 * @param kind what happens to a call the rule picks
 * @param share the share of calls picked, in {@code (0, 1]}
 * @param latency the delay of a {@code latency} rule; zero for the others
 */
public record FaultRule(String operation, Kind kind, double share, Duration latency) {

  /** What happens to a call a rule picks. */
  public enum Kind {
    /** Answered ProvisionedThroughputExceededException (400, retriable). */
    THROTTLE,
    /** Answered InternalFailure (500, retriable). */
    ERROR,
    /** Served after a delay. */
    LATENCY
  }

  public FaultRule {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(latency, "latency");
  }

  /** Whether the rule applies to the operation {@code name} (the target's part after the dot). */
  public boolean matches(String name) {
    return operation.equals("*") || operation.equals(name);
  }

  /**
   * Parses {@code operation:kind:share[:millis]}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static FaultRule parse(String text) {
    String[] parts = text.trim().split(":");
    String problem =
        "fault.injection entries are operation:kind:share[:millis] with kind throttle, error or"
            + " latency and share in (0,1], but had "
            + text.trim();
    if (parts.length < 3 || parts.length > 4 || parts[0].isBlank()) {
      throw new IllegalArgumentException(problem);
    }
    Kind kind;
    double share;
    long millis = 0;
    try {
      kind = Kind.valueOf(parts[1].trim().toUpperCase(Locale.ROOT));
      share = Double.parseDouble(parts[2].trim());
      if (parts.length == 4) {
        millis = Long.parseLong(parts[3].trim());
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(problem, e);
    }
    if (!(share > 0 && share <= 1) || millis < 0 || (kind == Kind.LATENCY) != (parts.length == 4)) {
      throw new IllegalArgumentException(problem);
    }
    return new FaultRule(parts[0].trim(), kind, share, Duration.ofMillis(millis));
  }
}
