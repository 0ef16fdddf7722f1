package io.kinesisonkafka.adapter.server.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the transport's own operational endpoints report, from one {@link #probe()}:
 *
 * <ul>
 *   <li>{@code GET /health} (liveness): 200 "ok" while the process serves, 200 "waiting: …" while
 *       it waits for a dependency and will recover by itself, 503 "failed: …" when only a restart
 *       helps;
 *   <li>{@code GET /ready} (readiness): 200 "ready" when the process can serve the API, else 503
 *       "not ready: …";
 *   <li>{@code GET /metrics}: Prometheus text exposition format 0.0.4 from {@link #metrics()}.
 * </ul>
 *
 * Every other request goes to the {@link ApiHandler}.
 *
 * <p>Both methods are called on a Netty event-loop thread for every scrape or probe, so they must
 * be quick and must not block. If {@link #probe()} throws, both probes answer 503; if {@link
 * #metrics()} throws, {@code /metrics} answers 500.
 */
public interface Endpoints {

  /**
   * What the probes answer.
   *
   * @param ready the process can serve the API now (e.g. Kafka reachable, catalog loaded)
   * @param alive false only when the process cannot recover by itself
   * @param detail for an operator: why it is not ready or not alive; may be empty
   */
  record Probe(boolean ready, boolean alive, String detail) {
    public Probe {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** The process's state for /health and /ready. */
  Probe probe();

  /** The Prometheus scrape text. */
  String metrics();

  static Endpoints of(Supplier<Probe> probe, Supplier<String> metrics) {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(metrics, "metrics");
    return new Endpoints() {
      @Override
      public Probe probe() {
        return probe.get();
      }

      @Override
      public String metrics() {
        return metrics.get();
      }
    };
  }

  /** Ready when {@code ready} says so, always alive. */
  static Endpoints of(BooleanSupplier ready, Supplier<String> metrics) {
    Objects.requireNonNull(ready, "ready");
    return of(() -> new Probe(ready.getAsBoolean(), true, ""), metrics);
  }

  /** Always ready, no metrics. */
  static Endpoints alwaysReady() {
    return of(() -> true, () -> "");
  }
}
