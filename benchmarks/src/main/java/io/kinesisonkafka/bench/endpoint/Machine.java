package io.kinesisonkafka.bench.endpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What else the machine was doing: the figures are only comparable on a quiet machine. */
final class Machine {
  private Machine() {}

  /** The 1, 5 and 15 minute load averages (Linux), or {@code n/a}. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
