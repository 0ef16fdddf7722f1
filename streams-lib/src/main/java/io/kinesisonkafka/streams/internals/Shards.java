package io.kinesisonkafka.streams.internals;

import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.catalog.ShardView;
import java.math.BigInteger;
import java.time.Duration;

/** What reading and writing a stream's topic needs to know of its shards. */
public interface Shards extends AutoCloseable {

  /** The topic holding a stream. */
  String topicOf(String stream);

  /**
   * The shard a partition of the stream's topic holds, waiting up to {@code timeout} for the
   * catalog to show it (a child shard appears in Kafka a moment before the catalog view has it).
   *
   * @throws IllegalStateException if the stream or shard is unknown after the wait
   */
  ShardView shard(String stream, int partition, Duration timeout);

  /**
   * The shard a record with this hash key goes to: routed on a fresh view, never a frozen shard
   * (waits, up to {@code timeout}, for a reshard in progress to close it and open its children).
   *
   * @throws IllegalStateException if no shard takes the key within the timeout
   */
  ShardView route(String stream, BigInteger hashKey, Duration timeout);

  Health health();

  @Override
  void close();
}
