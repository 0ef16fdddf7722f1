package io.kinesisonkafka.adapter;

import io.kinesisonkafka.adapter.model.SubscriptionEvent;
import java.time.Duration;

/**
 * A SubscribeToShard subscription: a sequential reader of one shard for one consumer. Used by one
 * thread at a time; {@link #close()} may be called from any thread and ends a {@link #next} in
 * progress.
 */
public interface ShardSubscription extends AutoCloseable {
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
  SubscriptionEvent next(Duration maxWait);

  /** Ends the subscription and releases its Kafka consumer; idempotent, from any thread. */
  @Override
  void close();
}
