package io.kinesisonkafka.adapter.internals.state;

import io.kinesisonkafka.adapter.model.StreamMode;
import io.kinesisonkafka.adapter.model.StreamStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A stream as every instance's catalog sees it after applying the log to some offset. Immutable;
 * {@code version} is the catalog offset of the last command that changed it, which a conditional
 * command names to win or lose the same way on every instance. {@code incarnation} is the creation
 * second: it tells this stream from an earlier one of the same name.
 */
public record StreamState(
    String name,
    long incarnation,
    long createdAtMillis,
    StreamStatus status,
    StreamMode mode,
    int retentionHours,
    int maxRecordSizeKiB,
    SortedMap<String, String> tags,
    List<ShardState> shards,
    ReshardOp pending,
    Integer scalingTarget,
    List<Long> scalingHistory,
    String encryptionType,
    String keyId,
    List<String> enhancedMonitoring,
    SortedMap<String, ConsumerState> consumers,
    long version,
    long lastChangeMillis) {

  public StreamState {
    tags = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    shards = List.copyOf(shards);
    scalingHistory = List.copyOf(scalingHistory);
    enhancedMonitoring = List.copyOf(enhancedMonitoring);
    consumers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(consumers));
  }

  /**
   * A stream as CreateStream makes it: CREATING, 24 hours of retention, no encryption, monitoring,
   * consumers or reshard; {@code version} is the create command's catalog offset.
   */
  static StreamState creating(
      String name,
      long incarnation,
      long createdAtMillis,
      StreamMode mode,
      int maxRecordSizeKiB,
      Map<String, String> tags,
      List<ShardState> shards,
      long version) {
    return new StreamState(
        name,
        incarnation,
        createdAtMillis,
        StreamStatus.CREATING,
        mode,
        24,
        maxRecordSizeKiB,
        tags == null ? new TreeMap<>() : new TreeMap<>(tags),
        shards,
        null,
        null,
        List.of(),
        "NONE",
        null,
        List.of(),
        new TreeMap<>(),
        version,
        createdAtMillis);
  }

  /** A registered enhanced fan-out consumer. */
  public record ConsumerState(String name, long createdAtMillis, boolean active) {}

  public ShardState shard(int index) {
    return index >= 0 && index < shards.size() ? shards.get(index) : null;
  }

  public Stream<ShardState> openShards() {
    return shards.stream().filter(ShardState::isOpen);
  }

  public int openShardCount() {
    return (int) openShards().count();
  }

  /** Shards writes may target: open ones, and frozen ones whose writers wait for their close. */
  public Stream<ShardState> writableOrFrozenShards() {
    return shards.stream()
        .filter(s -> s.phase() == ShardPhase.OPEN || s.phase() == ShardPhase.FROZEN);
  }

  /** Children of a shard, by index: the shards naming it as parent or adjacent parent. */
  public List<ShardState> childrenOf(int index) {
    return shards.stream()
        .filter(s -> s.parent() == index || s.adjacentParent() == index)
        .filter(ShardState::isVisible)
        .toList();
  }

  public boolean acceptsWrites() {
    return status == StreamStatus.ACTIVE || status == StreamStatus.UPDATING;
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  /** Copy-on-write editing for the applier. */
  static final class Builder {
    String name;
    long incarnation;
    long createdAtMillis;
    StreamStatus status;
    StreamMode mode;
    int retentionHours;
    int maxRecordSizeKiB;
    SortedMap<String, String> tags;
    List<ShardState> shards;
    ReshardOp pending;
    Integer scalingTarget;
    List<Long> scalingHistory;
    String encryptionType;
    String keyId;
    List<String> enhancedMonitoring;
    SortedMap<String, ConsumerState> consumers;

    Builder(StreamState s) {
      name = s.name;
      incarnation = s.incarnation;
      createdAtMillis = s.createdAtMillis;
      status = s.status;
      mode = s.mode;
      retentionHours = s.retentionHours;
      maxRecordSizeKiB = s.maxRecordSizeKiB;
      tags = new TreeMap<>(s.tags);
      shards = new ArrayList<>(s.shards);
      pending = s.pending;
      scalingTarget = s.scalingTarget;
      scalingHistory = new ArrayList<>(s.scalingHistory);
      encryptionType = s.encryptionType;
      keyId = s.keyId;
      enhancedMonitoring = new ArrayList<>(s.enhancedMonitoring);
      consumers = new TreeMap<>(s.consumers);
    }

    StreamState build(long version, long changedAtMillis) {
      return new StreamState(
          name,
          incarnation,
          createdAtMillis,
          status,
          mode,
          retentionHours,
          maxRecordSizeKiB,
          tags,
          shards,
          pending,
          scalingTarget,
          scalingHistory,
          encryptionType,
          keyId,
          enhancedMonitoring,
          consumers,
          version,
          changedAtMillis);
    }
  }
}
