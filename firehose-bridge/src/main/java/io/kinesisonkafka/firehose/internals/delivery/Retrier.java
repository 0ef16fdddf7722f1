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
  private final String name;
  private final Duration initial;
  private final Duration max;
  private final BooleanSupplier closing;

  public Retrier(String name, Duration initial, Duration max, BooleanSupplier closing) {
    this.name = name;
    this.initial = initial;
    this.max = max;
    this.closing = closing;
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
    Retry.decorateRunnable(retry, counting(action, onFailure)).run();
  }

  /**
   * Runs {@code action} until it succeeds, {@code retryDuration} has passed since its first
   * failure, or it fails with a {@link Permanent} failure.
   *
   * @throws RuntimeException the last failure
   */
  public void runFor(Duration retryDuration, Runnable action, Runnable onFailure) {
    long[] deadline = {Long.MAX_VALUE};
    RetryConfig config =
        RetryConfig.custom()
            .maxAttempts(Integer.MAX_VALUE)
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.15, max))
            .retryOnException(
                e -> {
                  long now = System.nanoTime();
                  if (deadline[0] == Long.MAX_VALUE) {
                    deadline[0] = now + retryDuration.toNanos();
                  }
                  return !closing.getAsBoolean() && !(e instanceof Permanent) && now < deadline[0];
                })
            .failAfterMaxAttempts(true)
            .build();
    Retry.decorateRunnable(Retry.of(name, config), counting(action, onFailure)).run();
  }

  /** {@code action}, telling {@code onFailure} of each failure before it propagates. */
  private static Runnable counting(Runnable action, Runnable onFailure) {
    return () -> {
      try {
        action.run();
      } catch (RuntimeException e) {
        onFailure.run();
        throw e;
      }
    };
  }

  /** A failure that retrying cannot cure (an HTTP 413). */
  public static final class Permanent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Permanent(String message) {
      super(message);
    }
  }
}
