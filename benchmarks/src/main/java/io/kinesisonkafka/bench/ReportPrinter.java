package io.kinesisonkafka.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints a {@link Report} as a Markdown table, then one {@code ratio <metric> <x>} line each. */
final class ReportPrinter {

  private ReportPrinter() {}

  static void print(Report report, PrintStream out) {
    out.println();
    out.println("Result (" + report.basis() + "; MB = 10^6 bytes of record data):");
    out.println();
    out.printf(
        "| metric | %1$s records/s | %1$s MB/s | %2$s records/s | %2$s MB/s | ratio |%n",
        report.ours(), report.baseline());
    out.println("|---|---:|---:|---:|---:|---:|");
    for (Comparison c : report.comparisons()) {
      out.printf(
          Locale.ROOT,
          "| %s | %,.0f | %.1f | %,.0f | %.1f | %.2f |%n",
          c.metric(),
          c.ours().recordsPerSecond(),
          c.ours().megabytesPerSecond(),
          c.baseline().recordsPerSecond(),
          c.baseline().megabytesPerSecond(),
          c.ratio());
    }
    out.println();
    for (Comparison c : report.comparisons()) {
      out.printf(Locale.ROOT, "ratio %s %.2f%n", c.metric(), c.ratio());
    }
    out.flush();
  }
}
