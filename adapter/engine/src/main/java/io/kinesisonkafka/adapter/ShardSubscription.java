package io.kinesisonkafka.adapter;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.model.SubscriptionEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A SubscribeToShard subscription: a sequential reader of one shard for one consumer. One wait at a
 * time ({@link #nextEvent} or {@link #next}); {@link #close()} may be called from any thread and
 * ends a wait in progress. A subscription holds no thread of its own: the engine reads for all of
 * them on a few shared threads, so {@link #nextEvent} is the way to serve many at once.
 */
public interface ShardSubscription extends AutoCloseable {
  /**
   * Asks for the next event without blocking: the future completes when records arrive, or after
   * {@code maxWait} with an event without any (a heartbeat that still advances the continuation).
   * It completes on one of the engine's delivery threads, where a dependent stage runs too: keep
   * such stages short (encode and hand to a socket), never blocking. After an event whose {@code
   * shardEnded()} is true there are no more.
   *
   * @param maxWait how long to wait for a record before completing with an event without any
   * @return the next event; it fails with a {@link KinesisException}: ResourceInUseException when a
   *     newer subscription for the same consumer and shard took over, ResourceNotFoundException
   *     when the stream or consumer went away, InternalFailure once the subscription is closed
   * @throws IllegalStateException if the previous future has not completed yet
   */
  CompletableFuture<SubscriptionEvent> nextEvent(Duration maxWait);

  /**
   * Waits up to {@code maxWait} for records and returns the next event, possibly with none (a
   * heartbeat that still advances the continuation). After an event whose {@code shardEnded()} is
   * true there are no more.
   *
   * @param maxWait how long to wait for a record before returning an event without any
   * @return the next event: its records (maybe none), continuation sequence number and lag
   * @throws io.kinesisonkafka.adapter.errors.KinesisException ResourceInUseException when a newer
   *     subscription for the same consumer and shard took over, ResourceNotFoundException when the
   *     stream or consumer went away
   */
  default SubscriptionEvent next(Duration maxWait) {
    try {
      return nextEvent(maxWait).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KinesisException k) {
        throw k;
      }
      throw new KinesisException(
          KinesisErrorCode.INTERNAL_FAILURE, "subscription failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, "interrupted", e);
    }
  }

  /** Ends the subscription and a wait in progress; idempotent, from any thread. */
  @Override
  void close();
}
