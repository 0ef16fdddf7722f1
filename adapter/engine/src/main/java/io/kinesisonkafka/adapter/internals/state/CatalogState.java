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
    streams = StreamTable.of(streams);
    retiredEpochs = Map.copyOf(retiredEpochs);
  }

  public static CatalogState empty() {
    return new CatalogState(Map.of(), Map.of(), null, 0);
  }

  public StreamState stream(String name) {
    return streams.get(Objects.requireNonNull(name));
  }

  /** Streams in status CREATING; kept up to date, not counted. */
  public int creatingCount() {
    return ((StreamTable) streams).creatingCount();
  }

  /** Open shards over all streams, as the shard limit counts them; kept up to date. */
  public int openShardCount() {
    return ((StreamTable) streams).openShardCount();
  }

  CatalogState withStream(StreamState stream, long nextOffset) {
    return new CatalogState(
        ((StreamTable) streams).with(stream), retiredEpochs, iteratorKey, nextOffset);
  }

  CatalogState withoutStream(String name, long retiredEpoch, long nextOffset) {
    var copy = ((StreamTable) streams).without(name);
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
