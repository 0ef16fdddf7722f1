package io.kinesisonkafka.adapter.server.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the transport's own operational endpoints report: {@code GET /health} (200 "ok" while the
 * process is up), {@code GET /ready} (200 when {@link #ready()}, else 503) and {@code GET /metrics}
 * (Prometheus text exposition format 0.0.4 from {@link #metrics()}). Every other request goes to
 * the {@link ApiHandler}.
 *
 * <p>Both methods are called on a Netty event-loop thread for every scrape or probe, so they must
 * be quick and must not block. If one throws, {@code /ready} answers 503 and {@code /metrics} 500.
 */
public interface Endpoints {

  /** Whether the process can serve the API (e.g. Kafka reachable, catalog loaded). */
  boolean ready();

  /** The Prometheus scrape text. */
  String metrics();

  static Endpoints of(BooleanSupplier ready, Supplier<String> metrics) {
    Objects.requireNonNull(ready, "ready");
    Objects.requireNonNull(metrics, "metrics");
    return new Endpoints() {
      @Override
      public boolean ready() {
        return ready.getAsBoolean();
      }

      @Override
      public String metrics() {
        return metrics.get();
      }
    };
  }

  /** Always ready, no metrics. */
  static Endpoints alwaysReady() {
    return of(() -> true, () -> "");
  }
}
