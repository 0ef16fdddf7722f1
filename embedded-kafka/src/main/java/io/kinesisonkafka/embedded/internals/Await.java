package io.kinesisonkafka.embedded.internals;

import io.kinesisonkafka.embedded.EmbeddedKafkaException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Bounded polling for a broker condition.
 *
 * <p>Why: a broker becomes usable in steps (port open, registered, unfenced, partitions led) that
 * no single call waits for. Every wait here has a deadline, checks that the broker processes are
 * still alive before each attempt (so a crashed broker fails at once, not at the deadline), and
 * reports the last error seen.
 */
public final class Await {

  private static final Duration INTERVAL = Duration.ofMillis(100);

  /** One attempt at a condition: empty or an exception means "not yet". */
  @FunctionalInterface
  public interface Attempt<T> {
    /**
     * @return the result once the condition holds, else empty
     * @throws Exception a failure that means "not yet", kept to explain a timeout
     */
    Optional<T> get() throws Exception;
  }

  private Await() {}

  /**
   * Tries {@code attempt} every 100 ms until it returns a value or {@code deadline} passes.
   *
   * @param what what is awaited, for the timeout message
   * @param deadline when to give up
   * @param stillAlive run before each attempt; throws if waiting is pointless (a process died)
   * @param attempt the condition
   * @return the attempt's value
   * @throws EmbeddedKafkaException on timeout or interruption (the interrupt flag is kept)
   */
  public static <T> T until(
      String what, Instant deadline, Runnable stillAlive, Attempt<T> attempt) {
    Throwable last = null;
    while (true) {
      stillAlive.run();
      try {
        Optional<T> result = attempt.get();
        if (result.isPresent()) {
          return result.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EmbeddedKafkaException("interrupted while waiting for " + what, e);
      } catch (ExecutionException e) {
        last = e.getCause() == null ? e : e.getCause();
      } catch (Exception e) {
        last = e;
      }
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        String because = last == null ? "" : ": last error " + last;
        throw new EmbeddedKafkaException("timed out waiting for " + what + because, last);
      }
      try {
        Thread.sleep(Math.min(INTERVAL.toMillis(), left.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EmbeddedKafkaException("interrupted while waiting for " + what, e);
      }
    }
  }
}
