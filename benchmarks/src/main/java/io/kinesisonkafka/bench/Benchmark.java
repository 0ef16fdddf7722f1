package io.kinesisonkafka.bench;

import java.io.PrintStream;
import java.util.Map;

/**
 * One benchmark that {@code ./bench <name>} runs: it measures this project against a baseline doing
 * the same work, in one run on the same machine.
 *
 * <p>To add one, implement this interface with a public no-argument constructor and list the class
 * in {@code META-INF/services/io.kinesisonkafka.bench.Benchmark} of the benchmarks module. The
 * harness ({@link Bench}) parses the options, calls {@link #run}, and prints the returned {@link
 * Report} as a table followed by one line {@code ratio <metric> <ours / baseline>} per comparison,
 * so every benchmark ends its output the same way.
 */
public interface Benchmark {

  /** The name on the command line, e.g. {@code engine}: lower case, no spaces. */
  String name();

  /** One line for the list that {@code ./bench} prints without arguments. */
  String description();

  /**
   * The options this benchmark accepts, each name (without {@code --}) mapped to a help text that
   * states its default. {@link Bench} rejects any other option before running.
   */
  default Map<String, String> options() {
    return Map.of();
  }

  /**
   * Runs the benchmark: starts what it needs, measures, stops everything it started.
   *
   * @param options the parsed command-line options, only names from {@link #options()}
   * @param out where to print the setup and the progress of each measured pass
   * @return the comparisons to print as the final table and ratio lines
   * @throws Exception if the benchmark cannot run or a measured pass fails; the run then counts as
   *     failed and prints no ratios
   */
  Report run(Options options, PrintStream out) throws Exception;
}
