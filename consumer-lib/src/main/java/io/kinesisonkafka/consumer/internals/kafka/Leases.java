package io.kinesisonkafka.consumer.internals.kafka;

import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.adapter.catalog.StreamCatalog;
import io.kinesisonkafka.adapter.catalog.StreamView;
import io.kinesisonkafka.consumer.ExtendedSequenceNumber;
import io.kinesisonkafka.consumer.InitialPosition;
import io.kinesisonkafka.consumer.SchedulerConfig;
import io.kinesisonkafka.consumer.ShardRecordProcessorFactory;
import io.kinesisonkafka.consumer.internals.Checkpoint;
import io.kinesisonkafka.consumer.internals.ShardConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's leases: the partitions the group assigned it, each waiting (for the catalog to show
 * the shard, or for its parents' SHARD_END checkpoints, which any worker of the group may make),
 * processing, or ended. A child starts at its beginning once every parent is checkpointed at
 * SHARD_END; a shard with no checkpoint and no processed parents starts at the initial position.
 * Worker thread only.
 */
final class Leases {
  private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
  private static final long CATALOG_RETRY_NANOS = 100_000_000L;

  private enum State {
    WAITING,
    PROCESSING,
    END_NOT_CHECKPOINTED,
    ENDED
  }

  private static final class Lease {
    final TopicPartition partition;
    final String stream;
    State state = State.WAITING;
    long nextNanos;
    ShardConsumer shard;

    Lease(TopicPartition partition, String stream) {
      this.partition = partition;
      this.stream = stream;
    }
  }

  private final Worker worker;
  private final SchedulerConfig config;
  private final StreamCatalog catalog;
  private final ShardRecordProcessorFactory factory;
  private final Map<TopicPartition, Lease> leases = new HashMap<>();

  Leases(
      Worker worker,
      SchedulerConfig config,
      StreamCatalog catalog,
      ShardRecordProcessorFactory factory) {
    this.worker = worker;
    this.config = config;
    this.catalog = catalog;
    this.factory = factory;
  }

  ShardConsumer processing(TopicPartition tp) {
    Lease l = leases.get(tp);
    return l != null && l.state == State.PROCESSING ? l.shard : null;
  }

  Optional<ShardView> view(TopicPartition tp) {
    return catalog
        .streamOf(tp.topic())
        .flatMap(catalog::stream)
        .flatMap(v -> v.shard(tp.partition()));
  }

  void assigned(Collection<TopicPartition> partitions) {
    LOG.debug("assigned {}", partitions);
    for (TopicPartition tp : partitions) {
      String stream = catalog.streamOf(tp.topic()).orElse(tp.topic());
      leases.put(tp, new Lease(tp, stream));
    }
  }

  void revoked(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      Lease l = leases.remove(tp);
      if (l != null && l.shard != null) {
        if (l.state == State.ENDED) {
          l.shard.release();
        } else {
          l.shard.requestShutdown();
        }
      }
    }
  }

  void lost(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      Lease l = leases.remove(tp);
      if (l != null && l.shard != null) {
        l.shard.loseLease();
      }
    }
  }

  void handOverAll() {
    revoked(List.copyOf(leases.keySet()));
  }

  void loseAll() {
    lost(List.copyOf(leases.keySet()));
  }

  /** Starts waiting leases whose turn came, and repeats shardEnded where it did not checkpoint. */
  void advance(long nowNanos) {
    List<Lease> due = new ArrayList<>();
    for (Lease l : List.copyOf(leases.values())) {
      if (l.nextNanos > nowNanos) {
        continue;
      }
      if (l.state == State.WAITING) {
        due.add(l);
      } else if (l.state == State.END_NOT_CHECKPOINTED) {
        end(l, nowNanos);
      }
    }
    if (due.isEmpty()) {
      return;
    }
    try {
      tryStart(due, nowNanos);
    } catch (WakeupException e) {
      // the wakeup that ended the assignment's poll, or a checkpoint from another thread: the
      // leases stay due and start on the next round, at once
    } catch (KafkaException e) {
      LOG.warn("Could not start {}: {}; retrying", due, e.toString());
      for (Lease l : due) {
        l.nextNanos = nowNanos + config.parentShardPollInterval().toNanos();
      }
    }
  }

  /** Ends every processing shard that is closed and read to its end offset. */
  void checkEnds(long nowNanos) {
    KafkaConsumer<byte[], byte[]> consumer = worker.consumer();
    for (Lease l : List.copyOf(leases.values())) {
      if (l.state != State.PROCESSING) {
        continue;
      }
      Optional<ShardView> view = view(l.partition);
      if (view.isEmpty() || !view.get().isClosed()) {
        continue;
      }
      l.shard.update(view.get());
      if (consumer.position(l.partition, Duration.ofSeconds(5)) >= view.get().endOffset()) {
        consumer.pause(List.of(l.partition));
        end(l, nowNanos);
      }
    }
  }

  private void end(Lease l, long nowNanos) {
    if (l.shard.endShard()) {
      l.state = State.ENDED;
      LOG.debug("{} of {} checkpointed at SHARD_END", l.shard.shardId(), l.stream);
      return;
    }
    if (leases.get(l.partition) != l) {
      return;
    }
    l.state = State.END_NOT_CHECKPOINTED;
    l.nextNanos = nowNanos + config.shardEndRetryInterval().toNanos();
    if (l.shard.lastCallFailedRetriably()) {
      return; // e.g. the group was rebalancing: reported as such, shardEnded comes again
    }
    StreamView stream = catalog.stream(l.stream).orElseThrow();
    ShardView shard = stream.shard(l.partition.partition()).orElseThrow();
    worker.reportShardEndNotCheckpointed(l.stream, shard, stream.childrenOf(shard));
  }

  /** A lease ready to start: where it starts and what the processor is told. */
  private record Start(
      Lease lease,
      ShardView shard,
      Checkpoint checkpoint,
      boolean atInitial,
      ExtendedSequenceNumber sentinel) {}

  /**
   * Starts every lease of {@code due} whose shard the catalog shows and whose parents are
   * checkpointed at SHARD_END, with one request for all their checkpoints and one per kind of
   * starting position.
   */
  private void tryStart(List<Lease> due, long nowNanos) {
    KafkaConsumer<byte[], byte[]> consumer = worker.consumer();
    Map<Lease, ShardView> shards = new HashMap<>();
    Set<TopicPartition> asked = new HashSet<>();
    long retryAt = nowNanos + config.parentShardPollInterval().toNanos();
    for (Lease l : due) {
      Optional<ShardView> found = view(l.partition);
      if (found.isEmpty()) {
        // a new partition the catalog does not show yet: look again soon
        l.nextNanos = nowNanos + Math.min(CATALOG_RETRY_NANOS, retryAt - nowNanos);
        LOG.debug("{} waits for the catalog to show its shard", l.partition);
        continue;
      }
      shards.put(l, found.get());
      asked.add(l.partition);
      for (int p : found.get().parents()) {
        asked.add(new TopicPartition(l.partition.topic(), p));
      }
    }
    if (asked.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(asked, Duration.ofSeconds(10));
    List<Start> starts = new ArrayList<>();
    Set<TopicPartition> fromBeginning = new HashSet<>();
    Set<TopicPartition> fromInitial = new HashSet<>();
    for (Map.Entry<Lease, ShardView> e : shards.entrySet()) {
      Start start = decide(e.getKey(), e.getValue(), committed);
      if (start == null) {
        e.getKey().nextNanos = retryAt;
        continue;
      }
      starts.add(start);
      if (start.checkpoint() == null) {
        (start.atInitial() ? fromInitial : fromBeginning).add(start.lease().partition);
      }
    }
    Map<TopicPartition, Long> offsets = new HashMap<>();
    if (!fromBeginning.isEmpty()) {
      offsets.putAll(consumer.beginningOffsets(fromBeginning));
    }
    if (!fromInitial.isEmpty()) {
      offsets.putAll(initialOffsets(consumer, fromInitial, config.initialPosition()));
    }
    for (Start s : starts) {
      long offset =
          s.checkpoint() != null ? s.checkpoint().offset() : offsets.get(s.lease().partition);
      start(s, offset);
    }
  }

  /** How a lease starts, or null when it must wait for its parents (or is done). */
  private Start decide(Lease l, ShardView shard, Map<TopicPartition, OffsetAndMetadata> committed) {
    OffsetAndMetadata own = committed.get(l.partition);
    Checkpoint checkpoint = own == null ? null : Checkpoint.parse(own.offset(), own.metadata());
    if (checkpoint != null && checkpoint.shardEnd()) {
      l.state = State.ENDED;
      return null;
    }
    if (checkpoint != null) {
      return new Start(l, shard, checkpoint, false, ExtendedSequenceNumber.TRIM_HORIZON);
    }
    boolean parentsAtInitial = true;
    for (int p : shard.parents()) {
      OffsetAndMetadata pc = committed.get(new TopicPartition(l.partition.topic(), p));
      Checkpoint parent = pc == null ? null : Checkpoint.parse(pc.offset(), pc.metadata());
      if (parent == null || !parent.shardEnd()) {
        LOG.debug("{} of {} waits for parent {}", shard.shardId(), l.stream, p);
        return null;
      }
      parentsAtInitial &= parent.endedAtInitial();
    }
    return parentsAtInitial
        ? new Start(l, shard, null, true, config.initialPosition().sentinel())
        : new Start(l, shard, null, false, ExtendedSequenceNumber.TRIM_HORIZON);
  }

  private void start(Start s, long offset) {
    Lease l = s.lease();
    ShardView shard = s.shard();
    boolean closed = shard.isClosed();
    if (closed) {
      offset = Math.min(offset, shard.endOffset());
    }
    boolean endedAtInitial = s.atInitial() && closed && offset >= shard.endOffset();
    l.shard =
        new ShardConsumer(
            l.stream,
            shard,
            factory.shardRecordProcessor(l.stream),
            new KafkaCheckpointStore(worker, l.partition, l.stream + "/" + shard.shardId()),
            config.errorHandler());
    l.state = State.PROCESSING;
    LOG.debug("{} of {} starts at offset {}", shard.shardId(), l.stream, offset);
    l.shard.initialize(s.checkpoint(), s.sentinel(), offset, endedAtInitial);
    if (leases.get(l.partition) == l) {
      KafkaConsumer<byte[], byte[]> consumer = worker.consumer();
      consumer.seek(l.partition, offset);
      consumer.resume(List.of(l.partition));
    }
  }

  private static Map<TopicPartition, Long> initialOffsets(
      KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> tps, InitialPosition initial) {
    switch (initial.name()) {
      case "TRIM_HORIZON":
        return consumer.beginningOffsets(tps);
      case "LATEST":
        return consumer.endOffsets(tps);
      default:
        Map<TopicPartition, Long> query = new HashMap<>();
        tps.forEach(tp -> query.put(tp, initial.timestamp().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition tp : tps) {
          OffsetAndTimestamp at = found.get(tp);
          result.put(tp, at != null ? at.offset() : ends.get(tp));
        }
        return result;
    }
  }
}
