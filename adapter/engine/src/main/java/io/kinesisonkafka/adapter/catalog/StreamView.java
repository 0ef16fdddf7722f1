package io.kinesisonkafka.adapter.catalog;

import io.kinesisonkafka.adapter.internals.mapping.ShardIds;
import io.kinesisonkafka.adapter.internals.state.RoutingTable;
import io.kinesisonkafka.adapter.internals.state.ShardState;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One stream as one version of the catalog has it. Immutable: a later version is a new view. Shards
 * are listed as ListShards lists them (a reshard's children appear once the parents are frozen),
 * indexed by shard index, which is the Kafka partition.
 *
 * <p>Thread-safe: immutable, apart from a routing table built on first use.
 */
public final class StreamView {
  private final StreamState state;
  private final String topic;
  private final List<ShardView> shards;
  private volatile RoutingTable routing;

  StreamView(StreamState state, String topic) {
    this.state = state;
    this.topic = topic;
    List<ShardView> all = new ArrayList<>(state.shards().size());
    for (ShardState s : state.shards()) {
      all.add(new ShardView(s));
    }
    this.shards = List.copyOf(all);
  }

  StreamState state() {
    return state;
  }

  /**
   * The stream's name.
   *
   * @return the name
   */
  public String name() {
    return state.name();
  }

  /**
   * The Kafka topic holding the stream's records.
   *
   * @return the topic's name: the topic prefix, then the stream's name
   */
  public String topic() {
    return topic;
  }

  /**
   * The stream's creation second: tells it from an earlier stream of the same name.
   *
   * @return the creation time, in epoch seconds
   */
  public long incarnation() {
    return state.incarnation();
  }

  /**
   * Changes with every catalog command that changes the stream.
   *
   * @return the stream's version in the catalog
   */
  public long version() {
    return state.version();
  }

  /**
   * Whether the stream takes records: ACTIVE or UPDATING.
   *
   * @return true if the stream is ACTIVE or UPDATING in this version
   */
  public boolean acceptsWrites() {
    return state.acceptsWrites();
  }

  /**
   * The largest record the stream takes (data plus partition key), in KiB.
   *
   * @return the limit, 1024 to 10240
   */
  public int maxRecordSizeKiB() {
    return state.maxRecordSizeKiB();
  }

  /**
   * Shards ListShards shows, by index.
   *
   * @return the visible shards, in index order; unmodifiable
   */
  public List<ShardView> shards() {
    return shards.stream().filter(ShardView::isVisible).toList();
  }

  /**
   * The shard with this index (partition), whatever its phase; empty if there is none.
   *
   * @param index the shard index
   * @return the shard, visible or not
   */
  public Optional<ShardView> shard(int index) {
    return index >= 0 && index < shards.size() ? Optional.of(shards.get(index)) : Optional.empty();
  }

  /** Like {@link #shard(int)} without an Optional: for paths taken per record. */
  ShardView shardAt(int index) {
    return index >= 0 && index < shards.size() ? shards.get(index) : null;
  }

  /**
   * The shard with this id ({@code shardId-000000000007}); empty if there is none.
   *
   * @param shardId a shard id; any other string finds none
   * @return the shard, visible or not
   */
  public Optional<ShardView> shard(String shardId) {
    OptionalInt index = ShardIds.parse(shardId);
    return index.isPresent() ? shard(index.getAsInt()) : Optional.empty();
  }

  /**
   * Visible children of a shard: those naming it as parent or adjacent parent.
   *
   * @param shard a shard of this view
   * @return the children, none, one (merge) or two (split)
   */
  public List<ShardView> childrenOf(ShardView shard) {
    return state.childrenOf(shard.index()).stream().map(s -> shards.get(s.index())).toList();
  }

  /**
   * The shard that takes a record with this hash key: open, or {@linkplain ShardView#isFrozen()
   * frozen} (then hold the record until the catalog changes).
   *
   * @param hashKey a hash key in {@code 0..2^128-1}
   * @return the shard whose range holds the key
   * @throws IllegalStateException if the stream takes no writes
   */
  public ShardView route(BigInteger hashKey) {
    return shards.get(routing().route(hashKey).index());
  }

  /**
   * Like {@link #route(BigInteger)} for the hash key {@code high * 2^64 + low}, both halves
   * unsigned (see {@link HashKeys.Hasher}): routes without making a BigInteger per record.
   *
   * @param high the upper 64 bits of the hash key
   * @param low the lower 64 bits of the hash key
   * @return the shard whose range holds the key
   * @throws IllegalStateException if the stream takes no writes
   */
  public ShardView route(long high, long low) {
    return shards.get(routing().route(high, low).index());
  }

  private RoutingTable routing() {
    if (!state.acceptsWrites()) {
      throw new IllegalStateException("Stream " + name() + " takes no writes: " + state.status());
    }
    RoutingTable table = routing;
    if (table == null) {
      table = new RoutingTable(state);
      routing = table;
    }
    return table;
  }

  @Override
  public String toString() {
    return "StreamView[" + name() + " v" + version() + ", " + shards.size() + " shards]";
  }
}
