package io.kinesisonkafka.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Entry point of {@code ./bench <name> [--option value ...]}: finds the {@link Benchmark} by name
 * (every implementation listed for {@link ServiceLoader}), runs it and prints its report. Without a
 * name it lists the benchmarks; {@code ./bench <name> --help} lists a benchmark's options.
 *
 * <p>Exit status: 0 after a report, 1 when the benchmark failed, 2 for a usage error.
 */
public final class Bench {

  private Bench() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, Benchmark> benchmarks = discover();
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      list(benchmarks, out);
      return 0;
    }
    Benchmark benchmark = benchmarks.get(args[0]);
    if (benchmark == null) {
      err.println("no benchmark named '" + args[0] + "'");
      list(benchmarks, err);
      return 2;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    if (rest.contains("--help") || rest.contains("-h")) {
      usage(benchmark, out);
      return 0;
    }
    Options options;
    try {
      options = Options.parse(rest, benchmark.options().keySet());
    } catch (Options.UsageException e) {
      err.println(e.getMessage());
      usage(benchmark, err);
      return 2;
    }
    Report report;
    try {
      report = benchmark.run(options, out);
    } catch (Options.UsageException e) {
      err.println(e.getMessage());
      usage(benchmark, err);
      return 2;
    } catch (Exception e) {
      out.flush();
      err.println("benchmark " + benchmark.name() + " failed:");
      e.printStackTrace(err);
      return 1;
    }
    ReportPrinter.print(report, out);
    return 0;
  }

  private static Map<String, Benchmark> discover() {
    Map<String, Benchmark> byName = new TreeMap<>();
    for (Benchmark b : ServiceLoader.load(Benchmark.class)) {
      Benchmark previous = byName.put(b.name(), b);
      if (previous != null) {
        throw new IllegalStateException(
            "two benchmarks named " + b.name() + ": " + previous.getClass() + ", " + b.getClass());
      }
    }
    return byName;
  }

  private static void list(Map<String, Benchmark> benchmarks, PrintStream out) {
    out.println("usage: ./bench <name> [--option value ...]   (./bench <name> --help for options)");
    out.println();
    out.println("benchmarks:");
    benchmarks.values().forEach(b -> out.printf("  %-12s %s%n", b.name(), b.description()));
  }

  private static void usage(Benchmark benchmark, PrintStream out) {
    out.println("usage: ./bench " + benchmark.name() + " [--option value ...]");
    out.println(benchmark.description());
    if (!benchmark.options().isEmpty()) {
      out.println();
      out.println("options:");
      new TreeMap<>(benchmark.options())
          .forEach((name, help) -> out.printf("  --%-16s %s%n", name, help));
    }
  }
}
