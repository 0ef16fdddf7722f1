package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.adapter.server.KinesisServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server's own timer of an operation ({@code kinesis.api.requests}: from the request read off
 * the connection to the response handed back to the connection), with a histogram of fixed buckets
 * that this benchmark adds to it ({@link #enableHistogram}), so percentiles over any span of calls
 * come from the difference of two snapshots.
 *
 * @param calls successful calls so far
 * @param bounds the buckets' upper bounds in nanoseconds
 * @param counts calls so far at or below each bound
 */
record ServerTime(long calls, double[] bounds, double[] counts) {
  private static final String TIMER = "kinesis.api.requests";

  /**
   * Gives the server's request timers a histogram: 50 µs buckets to 2 ms, then coarser to 1 s. Call
   * before the first request, since a timer's histogram is fixed when it is created.
   */
  static void enableHistogram(KinesisServer server) {
    List<Double> nanos = new ArrayList<>();
    for (int us = 50; us <= 2000; us += 50) {
      nanos.add(us * 1e3);
    }
    for (int us = 2500; us <= 5000; us += 500) {
      nanos.add(us * 1e3);
    }
    for (int ms : new int[] {6, 7, 8, 10, 12, 15, 20, 30, 50, 100, 200, 500, 1000}) {
      nanos.add(ms * 1e6);
    }
    double[] slos = nanos.stream().mapToDouble(Double::doubleValue).toArray();
    server
        .meters()
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(TIMER)) {
                  return config;
                }
                return DistributionStatisticConfig.builder()
                    .serviceLevelObjectives(slos)
                    .build()
                    .merge(config);
              }
            });
  }

  /** The successful calls of {@code operation} (e.g. {@code PutRecord}) so far. */
  static ServerTime of(KinesisServer server, String operation) {
    long calls = 0;
    double[] bounds = new double[0];
    double[] counts = new double[0];
    for (Timer timer : server.meters().find(TIMER).tag("error", "none").timers()) {
      String target = timer.getId().getTag("operation");
      if (target != null && target.endsWith("." + operation)) {
        calls += timer.count();
        CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
        bounds = new double[buckets.length];
        counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
          bounds[i] = buckets[i].bucket(TimeUnit.NANOSECONDS);
          counts[i] = buckets[i].count();
        }
      }
    }
    return new ServerTime(calls, bounds, counts);
  }

  /**
   * The bucket bound at or below which {@code percentile} % of the calls since {@code earlier}
   * fell, in milliseconds; infinite beyond the last bucket, NaN without calls or histogram.
   */
  double percentileMillisSince(ServerTime earlier, double percentile) {
    long n = calls - earlier.calls;
    if (n <= 0 || bounds.length == 0 || earlier.counts.length != counts.length) {
      return Double.NaN;
    }
    double wanted = percentile / 100 * n;
    for (int i = 0; i < bounds.length; i++) {
      if (counts[i] - earlier.counts[i] >= wanted) {
        return bounds[i] / 1e6;
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
