package io.kinesisonkafka.bench.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.metrics.SdkMetric;

/**
 * The SDK's own timing of each call (its client-side metrics), to split a call's latency into the
 * SDK's work and the HTTP round trip: marshalling, signing, the service call (request sent to
 * response headers in) and unmarshalling. Keeps every call's durations until {@link #clear}.
 */
final class SdkCallMetrics implements MetricPublisher {
  static final List<SdkMetric<Duration>> PARTS =
      List.of(
          CoreMetric.API_CALL_DURATION,
          CoreMetric.MARSHALLING_DURATION,
          CoreMetric.SIGNING_DURATION,
          CoreMetric.SERVICE_CALL_DURATION,
          CoreMetric.UNMARSHALLING_DURATION);

  private final Map<SdkMetric<Duration>, List<Long>> nanos = new LinkedHashMap<>();

  SdkCallMetrics() {
    clear();
  }

  @Override
  public synchronized void publish(MetricCollection metrics) {
    for (SdkMetric<Duration> part : PARTS) {
      Duration d = first(metrics, part);
      if (d != null) {
        nanos.get(part).add(d.toNanos());
      }
    }
  }

  private static Duration first(MetricCollection metrics, SdkMetric<Duration> metric) {
    List<Duration> values = metrics.metricValues(metric);
    if (!values.isEmpty()) {
      return values.get(0);
    }
    for (MetricCollection child : metrics.children()) {
      Duration d = first(child, metric);
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  synchronized void clear() {
    for (SdkMetric<Duration> part : PARTS) {
      nanos.put(part, new ArrayList<>());
    }
  }

  /**
   * Percentiles of each part over the calls since {@link #clear}; parts never seen are left out.
   */
  synchronized Map<String, Latency> latencies() {
    Map<String, Latency> out = new LinkedHashMap<>();
    for (Map.Entry<SdkMetric<Duration>, List<Long>> e : nanos.entrySet()) {
      if (!e.getValue().isEmpty()) {
        out.put(
            e.getKey().name(),
            Latency.of(e.getValue().stream().mapToLong(Long::longValue).toArray()));
      }
    }
    return out;
  }

  @Override
  public void close() {}
}
