package io.kinesisonkafka.streams.internals;

import io.kinesisonkafka.adapter.catalog.HashKeys;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.kafka.streams.processor.StreamPartitioner;

/** Kinesis routing for records a Kafka Streams application writes into a stream's topic. */
public final class KinesisRouting<V> implements StreamPartitioner<String, V> {
  private final Shards shards;
  private final String stream;
  private final BiFunction<String, V, String> explicitHashKey;
  private final Duration timeout;

  public KinesisRouting(
      Shards shards,
      String stream,
      BiFunction<String, V, String> explicitHashKey,
      Duration timeout) {
    this.shards = shards;
    this.stream = stream;
    this.explicitHashKey = explicitHashKey;
    this.timeout = timeout;
  }

  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, V value, int numPartitions) {
    if (key == null) {
      throw new IllegalArgumentException(
          "a record written to stream " + stream + " needs a partition key (the record key)");
    }
    String explicit = explicitHashKey == null ? null : explicitHashKey.apply(key, value);
    BigInteger hashKey =
        explicit != null ? HashKeys.parseExplicit(explicit) : HashKeys.ofPartitionKey(key);
    return Optional.of(Set.of(shards.route(stream, hashKey, timeout).index()));
  }
}
