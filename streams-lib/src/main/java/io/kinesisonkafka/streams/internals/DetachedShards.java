package io.kinesisonkafka.streams.internals;

import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.catalog.ShardView;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Fixed shards, without Kafka: for a topology under {@code TopologyTestDriver}. */
public final class DetachedShards implements Shards {
  private final String topicPrefix;
  private final Map<String, List<ShardView>> streams;

  public DetachedShards(String topicPrefix, Map<String, List<ShardView>> streams) {
    this.topicPrefix = topicPrefix;
    this.streams = Map.copyOf(streams);
  }

  @Override
  public String topicOf(String stream) {
    return topicPrefix + stream;
  }

  @Override
  public ShardView shard(String stream, int partition, Duration timeout) {
    return shards(stream).stream()
        .filter(s -> s.index() == partition)
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("no shard " + partition + " in stream " + stream));
  }

  @Override
  public ShardView route(String stream, BigInteger hashKey, Duration timeout) {
    return shards(stream).stream()
        .filter(s -> !s.isClosed() && s.containsHashKey(hashKey))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("no open shard of " + stream + " holds " + hashKey));
  }

  private List<ShardView> shards(String stream) {
    List<ShardView> shards = streams.get(stream);
    if (shards == null) {
      throw new IllegalStateException("no stream " + stream);
    }
    return shards;
  }

  @Override
  public Health health() {
    return Health.serving();
  }

  @Override
  public void close() {}
}
