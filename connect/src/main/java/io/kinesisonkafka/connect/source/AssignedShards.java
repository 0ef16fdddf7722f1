package io.kinesisonkafka.connect.source;

import io.kinesisonkafka.connect.internals.Retriable;
import io.kinesisonkafka.connect.internals.ShardInfo;
import io.kinesisonkafka.connect.internals.ShardLister;
import io.kinesisonkafka.connect.internals.ShardRead;
import io.kinesisonkafka.connect.internals.SourceOffsets;
import io.kinesisonkafka.connect.internals.SourceShard;
import io.kinesisonkafka.connect.internals.SourceShard.State;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * The shards a source task copies, each from its stored offset, and the gate that lets a shard with
 * parents be read only once each parent was copied to its end (the rule is on {@link
 * KinesisSourceTask}).
 *
 * <p>Why a class of its own: both halves work from the listing of the task's streams (a parent is
 * often a shard another task reads, or nobody any more), and neither has anything to do with how a
 * shard is read; the task's poll loop only asks for the shards and, now and then, for the check.
 * Confined to the task's thread (Connect calls {@code start} and {@code poll} on one thread).
 */
final class AssignedShards {
  // The task's logger: moving the code here leaves the log categories users configure unchanged.
  private static final Logger log = LoggerFactory.getLogger(KinesisSourceTask.class);

  private final KinesisClient kinesis;
  private final SourceTaskContext context;
  private final boolean deaggregate;
  private final ShardRead.Start start;

  /** The task's shards by key, in the order assigned. */
  private final Map<String, SourceShard> shards = new LinkedHashMap<>();

  private final Map<String, SourceShard> view = Collections.unmodifiableMap(shards);

  /** Every shard of the task's streams when last listed, by key (parents read elsewhere too). */
  private final Map<String, ShardInfo> listed = new HashMap<>();

  AssignedShards(
      KinesisClient kinesis,
      SourceTaskContext context,
      boolean deaggregate,
      ShardRead.Start start) {
    this.kinesis = kinesis;
    this.context = context;
    this.deaggregate = deaggregate;
    this.start = start;
  }

  /** The task's shards by key, in the order assigned (a live, unmodifiable view). */
  Map<String, SourceShard> shards() {
    return view;
  }

  /**
   * Lists {@code streams}, then takes each of {@code keys} (stream/shardId) still listed, from the
   * offset Connect stored for it; a stream that no longer exists is skipped with a warning.
   */
  void assign(List<String> keys, Set<String> streams) {
    ShardLister lister = new ShardLister(kinesis);
    for (String stream : streams) {
      try {
        for (ShardInfo s : lister.shards(stream)) {
          listed.put(s.key(), s);
        }
      } catch (ResourceNotFoundException e) {
        log.warn("Stream {} no longer exists; its shards are skipped", stream);
      }
    }
    Map<Map<String, String>, Map<String, Object>> stored =
        context.offsetStorageReader().offsets(partitions(keys));
    for (String key : keys) {
      ShardInfo info = listed.get(key);
      if (info == null) {
        continue;
      }
      SourceOffsets.Position position =
          SourceOffsets.position(
              stored.get(SourceOffsets.partition(info.stream(), info.shardId())));
      shards.put(key, new SourceShard(info, new ShardRead(kinesis, info, deaggregate), position));
    }
  }

  private List<Map<String, String>> partitions(List<String> keys) {
    List<Map<String, String>> partitions = new ArrayList<>();
    for (String key : keys) {
      ShardInfo info = listed.get(key);
      if (info != null) {
        partitions.add(SourceOffsets.partition(info.stream(), info.shardId()));
      }
    }
    return partitions;
  }

  /** Moves each waiting shard whose parents are all copied to their end to READING. */
  void checkParents() {
    for (SourceShard shard : shards.values()) {
      if (shard.state != State.WAITING_FOR_PARENTS) {
        continue;
      }
      boolean ready = true;
      for (String parent : shard.info.parents()) {
        if (!parentDone(shard.info.stream(), parent)) {
          ready = false;
          break;
        }
      }
      if (ready) {
        log.info("Parents of {} copied to their end; reading it", shard.info.key());
        shard.state = State.READING;
      }
    }
  }

  private boolean parentDone(String stream, String parentId) {
    String key = stream + "/" + parentId;
    SourceShard own = shards.get(key);
    if (own != null) {
      return own.state == State.ENDED;
    }
    ShardInfo info = listed.get(key);
    if (info == null) {
      return true; // past retention, or never listed: nothing of it left to copy
    }
    if (!info.closed()) {
      listed.put(key, info = refresh(info));
      if (!info.closed()) {
        return false;
      }
    }
    return copiedToItsEnd(key, info);
  }

  /** Whether a read from the parent's committed offset finds it closed and no user record left. */
  private boolean copiedToItsEnd(String key, ShardInfo info) {
    try {
      SourceOffsets.Position committed =
          SourceOffsets.position(
              context
                  .offsetStorageReader()
                  .offset(SourceOffsets.partition(info.stream(), info.shardId())));
      boolean done = new ShardRead(kinesis, info, deaggregate).nothingLeft(committed, start, 5);
      log.debug("Parent {} committed at {}: copied to its end {}", key, committed, done);
      return done;
    } catch (RuntimeException e) {
      if (!Retriable.test(e) && !(e instanceof ExpiredIteratorException)) {
        throw new ConnectException("Checking parent shard " + key + " failed", e);
      }
      log.debug("Checking parent {} failed; trying again: {}", key, e.toString());
      return false;
    }
  }

  private ShardInfo refresh(ShardInfo info) {
    try {
      for (ShardInfo s : new ShardLister(kinesis).shards(info.stream())) {
        listed.put(s.key(), s);
      }
    } catch (RuntimeException e) {
      if (!Retriable.test(e)) {
        throw new ConnectException("Listing shards of " + info.stream() + " failed", e);
      }
    }
    return listed.getOrDefault(info.key(), info);
  }
}
