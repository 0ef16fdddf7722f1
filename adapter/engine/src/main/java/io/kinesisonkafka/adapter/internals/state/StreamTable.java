package io.kinesisonkafka.adapter.internals.state;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The catalog's streams by name: an immutable map in which adding, replacing or removing one stream
 * copies one of 256 small buckets, not the whole map, and which keeps the account-wide figures a
 * CreateStream checks (streams CREATING, open shards) up to date as it changes. Each catalog
 * command used to copy every stream twice and count every shard, which made creating the n-th
 * stream, and reading a catalog of n streams at start-up, cost O(n) per command.
 */
final class StreamTable extends AbstractMap<String, StreamState> {
  private static final int BUCKETS = 256;
  private static final StreamTable EMPTY = new StreamTable(emptyBuckets(), 0, 0, 0);

  private final Map<String, StreamState>[] buckets;
  private final int size;
  private final int creating;
  private final int openShards;

  private StreamTable(Map<String, StreamState>[] buckets, int size, int creating, int openShards) {
    this.buckets = buckets;
    this.size = size;
    this.creating = creating;
    this.openShards = openShards;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, StreamState>[] emptyBuckets() {
    Map<String, StreamState>[] b = new Map[BUCKETS];
    Arrays.fill(b, Map.of());
    return b;
  }

  static StreamTable of(Map<String, StreamState> streams) {
    if (streams instanceof StreamTable t) {
      return t;
    }
    StreamTable t = EMPTY;
    for (Map.Entry<String, StreamState> e : streams.entrySet()) {
      if (!e.getKey().equals(e.getValue().name())) {
        throw new IllegalArgumentException(
            "stream " + e.getValue().name() + " under " + e.getKey());
      }
      t = t.with(e.getValue());
    }
    return t;
  }

  private static int bucket(Object name) {
    int h = name.hashCode();
    return (h ^ (h >>> 16)) & (BUCKETS - 1);
  }

  /** The open shards a stream counts against the account's shard limit. */
  static int openShards(StreamState s) {
    int open = (int) s.writableOrFrozenShards().count();
    if (s.pending() != null) {
      open += s.pending().allChildren().size() - s.pending().parents().size();
    }
    return open;
  }

  private static int creating(StreamState s) {
    return s.status() == io.kinesisonkafka.adapter.model.StreamStatus.CREATING ? 1 : 0;
  }

  StreamTable with(StreamState stream) {
    Objects.requireNonNull(stream, "stream");
    int b = bucket(stream.name());
    Map<String, StreamState> copy = new HashMap<>(buckets[b]);
    StreamState old = copy.put(stream.name(), stream);
    Map<String, StreamState>[] next = buckets.clone();
    next[b] = Map.copyOf(copy);
    return new StreamTable(
        next,
        size + (old == null ? 1 : 0),
        creating + creating(stream) - (old == null ? 0 : creating(old)),
        openShards + openShards(stream) - (old == null ? 0 : openShards(old)));
  }

  StreamTable without(String name) {
    int b = bucket(name);
    StreamState old = buckets[b].get(name);
    if (old == null) {
      return this;
    }
    Map<String, StreamState> copy = new HashMap<>(buckets[b]);
    copy.remove(name);
    Map<String, StreamState>[] next = buckets.clone();
    next[b] = Map.copyOf(copy);
    return new StreamTable(next, size - 1, creating - creating(old), openShards - openShards(old));
  }

  /** Streams in status CREATING. */
  int creatingCount() {
    return creating;
  }

  /** Open shards over all streams, counted as CreateStream and resharding check the limit. */
  int openShardCount() {
    return openShards;
  }

  @Override
  public StreamState get(Object name) {
    return name == null ? null : buckets[bucket(name)].get(name);
  }

  @Override
  public boolean containsKey(Object name) {
    return get(name) != null;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Map.Entry<String, StreamState>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, StreamState>> iterator() {
        return new Iterator<>() {
          private int b;
          private Iterator<Map.Entry<String, StreamState>> current =
              buckets[0].entrySet().iterator();

          @Override
          public boolean hasNext() {
            while (!current.hasNext()) {
              if (++b >= BUCKETS) {
                return false;
              }
              current = buckets[b].entrySet().iterator();
            }
            return true;
          }

          @Override
          public Map.Entry<String, StreamState> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return current.next();
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
