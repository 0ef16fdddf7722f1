package io.kinesisonkafka.adapter.internals.state;

import java.util.Map;
import java.util.Objects;

/**
 * The whole catalog as applied up to {@code appliedOffset} (exclusive): live streams, for each
 * deleted stream name the last shard epoch it used (so a recreated stream's sequence numbers never
 * collide with the old one's), and the iterator key.
 */
public record CatalogState(
    Map<String, StreamState> streams,
    Map<String, Long> retiredEpochs,
    String iteratorKey,
    long appliedOffset) {

  public CatalogState {
    streams = Map.copyOf(streams);
    retiredEpochs = Map.copyOf(retiredEpochs);
  }

  public static CatalogState empty() {
    return new CatalogState(Map.of(), Map.of(), null, 0);
  }

  public StreamState stream(String name) {
    return streams.get(Objects.requireNonNull(name));
  }

  CatalogState withStream(StreamState stream, long nextOffset) {
    var copy = new java.util.HashMap<>(streams);
    copy.put(stream.name(), stream);
    return new CatalogState(copy, retiredEpochs, iteratorKey, nextOffset);
  }

  CatalogState withoutStream(String name, long retiredEpoch, long nextOffset) {
    var copy = new java.util.HashMap<>(streams);
    copy.remove(name);
    var retired = new java.util.HashMap<>(retiredEpochs);
    retired.merge(name, retiredEpoch, Math::max);
    return new CatalogState(copy, retired, iteratorKey, nextOffset);
  }

  CatalogState withIteratorKey(String key, long nextOffset) {
    return new CatalogState(streams, retiredEpochs, key, nextOffset);
  }

  CatalogState advancedTo(long nextOffset) {
    return new CatalogState(streams, retiredEpochs, iteratorKey, nextOffset);
  }
}
