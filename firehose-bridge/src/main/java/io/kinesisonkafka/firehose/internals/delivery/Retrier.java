package io.kinesisonkafka.firehose.internals.delivery;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Retries a delivery with exponential back-off and jitter (Firehose's: x2, ±15 %, capped) until it
 * succeeds or the bridge closes. The retry decision is this one predicate: retry unless closing.
 */
public final class Retrier {
  private final Retry retry;

  public Retrier(String name, Duration initial, Duration max, BooleanSupplier closing) {
    RetryConfig config =
        RetryConfig.custom()
            .maxAttempts(Integer.MAX_VALUE)
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.15, max))
            .retryOnException(e -> !closing.getAsBoolean())
            .failAfterMaxAttempts(true)
            .build();
    this.retry = Retry.of(name, config);
  }

  /**
   * Runs {@code action} until it succeeds.
   *
   * @param onFailure told of each failed attempt (for metrics)
   * @throws RuntimeException the last failure, once the bridge is closing
   */
  public void run(Runnable action, Runnable onFailure) {
    Retry.decorateRunnable(
            retry,
            () -> {
              try {
                action.run();
              } catch (RuntimeException e) {
                onFailure.run();
                throw e;
              }
            })
        .run();
  }
}
