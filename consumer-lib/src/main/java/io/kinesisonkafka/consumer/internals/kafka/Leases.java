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
    for (Lease l : List.copyOf(leases.values())) {
      if (l.nextNanos > nowNanos) {
        continue;
      }
      if (l.state == State.WAITING) {
        try {
          tryStart(l, nowNanos);
        } catch (KafkaException e) {
          LOG.warn("Could not start {}: {}; retrying", l.partition, e.toString());
          l.nextNanos = nowNanos + config.parentShardPollInterval().toNanos();
        }
      } else if (l.state == State.END_NOT_CHECKPOINTED) {
        end(l, nowNanos);
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

  private void tryStart(Lease l, long nowNanos) {
    l.nextNanos = nowNanos + config.parentShardPollInterval().toNanos();
    Optional<StreamView> stream = catalog.stream(l.stream);
    Optional<ShardView> found = stream.flatMap(v -> v.shard(l.partition.partition()));
    if (found.isEmpty()) {
      return; // a new partition the catalog does not show yet
    }
    ShardView shard = found.get();
    Set<TopicPartition> asked = new HashSet<>();
    asked.add(l.partition);
    for (int p : shard.parents()) {
      asked.add(new TopicPartition(l.partition.topic(), p));
    }
    KafkaConsumer<byte[], byte[]> consumer = worker.consumer();
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(asked, Duration.ofSeconds(10));
    OffsetAndMetadata own = committed.get(l.partition);
    Checkpoint checkpoint = own == null ? null : Checkpoint.parse(own.offset(), own.metadata());
    if (checkpoint != null && checkpoint.shardEnd()) {
      l.state = State.ENDED;
      return;
    }
    boolean parentsAtInitial = true;
    if (checkpoint == null) {
      for (int p : shard.parents()) {
        OffsetAndMetadata pc = committed.get(new TopicPartition(l.partition.topic(), p));
        Checkpoint parent = pc == null ? null : Checkpoint.parse(pc.offset(), pc.metadata());
        if (parent == null || !parent.shardEnd()) {
          LOG.debug("{} of {} waits for parent {}", shard.shardId(), l.stream, p);
          return;
        }
        parentsAtInitial &= parent.endedAtInitial();
      }
    }
    boolean atInitial = checkpoint == null && parentsAtInitial;
    long offset;
    ExtendedSequenceNumber sentinel = ExtendedSequenceNumber.TRIM_HORIZON;
    if (checkpoint != null) {
      offset = checkpoint.offset();
    } else if (!atInitial) {
      offset = consumer.beginningOffsets(List.of(l.partition)).get(l.partition);
    } else {
      InitialPosition initial = config.initialPosition();
      sentinel = initial.sentinel();
      offset = initialOffset(consumer, l.partition, initial);
    }
    boolean closed = shard.isClosed();
    if (closed) {
      offset = Math.min(offset, shard.endOffset());
    }
    boolean endedAtInitial = atInitial && closed && offset >= shard.endOffset();
    l.shard =
        new ShardConsumer(
            l.stream,
            shard,
            factory.shardRecordProcessor(l.stream),
            new KafkaCheckpointStore(worker, l.partition, l.stream + "/" + shard.shardId()),
            config.errorHandler());
    l.state = State.PROCESSING;
    l.shard.initialize(checkpoint, sentinel, offset, endedAtInitial);
    if (leases.get(l.partition) == l) {
      consumer.seek(l.partition, offset);
      consumer.resume(List.of(l.partition));
    }
  }

  private static long initialOffset(
      KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, InitialPosition initial) {
    switch (initial.name()) {
      case "TRIM_HORIZON":
        return consumer.beginningOffsets(List.of(tp)).get(tp);
      case "LATEST":
        return consumer.endOffsets(List.of(tp)).get(tp);
      default:
        OffsetAndTimestamp at =
            consumer.offsetsForTimes(Map.of(tp, initial.timestamp().toEpochMilli())).get(tp);
        return at != null ? at.offset() : consumer.endOffsets(List.of(tp)).get(tp);
    }
  }
}
