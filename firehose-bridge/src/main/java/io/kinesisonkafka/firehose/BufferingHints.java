package io.kinesisonkafka.firehose;

import java.time.Duration;

/**
 * When a destination's buffer is delivered: once it holds {@code sizeInMBs} mebibytes (before
 * compression) or its oldest record has waited {@code intervalInSeconds}, whichever comes first. As
 * in Firehose: size 1–128 MiB (default 5), interval 0–900 s (default 300); an interval of 0
 * delivers what each read of the source returned.
 *
 * @param sizeInMBs buffer size in MiB, 1 to 128
 * @param intervalInSeconds buffer interval in seconds, 0 to 900
 */
public record BufferingHints(int sizeInMBs, int intervalInSeconds) {
  public static final BufferingHints DEFAULT = new BufferingHints(5, 300);

  /** Checks the ranges; {@link DeliveryStreamConfig.Builder} reports them with other problems. */
  public BufferingHints {
    String problem = problem(sizeInMBs, intervalInSeconds);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  static String problem(int sizeInMBs, int intervalInSeconds) {
    if (sizeInMBs < 1 || sizeInMBs > 128) {
      return "bufferingHints.sizeInMBs must be in [1, 128], but was " + sizeInMBs;
    }
    if (intervalInSeconds < 0 || intervalInSeconds > 900) {
      return "bufferingHints.intervalInSeconds must be in [0, 900], but was " + intervalInSeconds;
    }
    return null;
  }

  public long sizeInBytes() {
    return sizeInMBs * 1024L * 1024L;
  }

  public Duration interval() {
    return Duration.ofSeconds(intervalInSeconds);
  }
}
