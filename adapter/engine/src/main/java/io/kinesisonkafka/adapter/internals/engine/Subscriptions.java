package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INTERNAL_FAILURE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_IN_USE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_NOT_FOUND;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.ShardSubscription;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.kafka.CoordinationLog;
import io.kinesisonkafka.adapter.internals.kafka.FanOutReaders;
import io.kinesisonkafka.adapter.internals.kafka.ShardReader.Batch;
import io.kinesisonkafka.adapter.internals.mapping.SequenceNumbers;
import io.kinesisonkafka.adapter.internals.mapping.ShardIds;
import io.kinesisonkafka.adapter.internals.mapping.ShardIterators;
import io.kinesisonkafka.adapter.internals.state.ShardState;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.StartingPosition;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.SubscriptionEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SubscribeToShard: one subscription per consumer and shard across all instances on the Kafka
 * cluster. A second one within five seconds is refused with ResourceInUseException; a later one
 * takes over and the old one ends with that error, as Kinesis does. The decision is a claim in the
 * {@link CoordinationLog}, which states the bound that holds while instances come and go.
 * Subscriptions hold no thread and no Kafka consumer of their own: {@link FanOutReaders} fetches
 * for all of them on a few threads, and events are built on the small {@code delivery} pool, where
 * the caller's continuation then runs too.
 */
public final class Subscriptions {
  static final long MAX_EVENT_BYTES = 2L * 1024 * 1024;

  private final EngineConfig config;
  private final StreamLookup lookup;
  private final CatalogLog catalog;
  private final ShardIterators iterators;
  private final Clock clock;
  private final ConsumerRegistrations consumers;
  private final RecordReader reader;
  private final FanOutReaders fanOut;
  private final Executor delivery;
  private final CoordinationLog coordination;
  private final ConcurrentHashMap<String, Active> active = new ConcurrentHashMap<>();

  Subscriptions(
      EngineConfig config,
      StreamLookup lookup,
      CatalogLog catalog,
      ShardIterators iterators,
      FanOutReaders fanOut,
      Executor delivery,
      ConsumerRegistrations consumers,
      RecordReader reader,
      CoordinationLog coordination) {
    this.config = config;
    this.lookup = lookup;
    this.catalog = catalog;
    this.iterators = iterators;
    this.clock = config.clock();
    this.fanOut = fanOut;
    this.delivery = delivery;
    this.consumers = consumers;
    this.reader = reader;
    this.coordination = coordination;
  }

  public ShardSubscription subscribe(String consumerArn, String shardId, StartingPosition start) {
    if (consumerArn == null) {
      throw ModelConstraints.invalid("consumerARN", null, "must not be null");
    }
    if (start == null || start.type() == null) {
      throw ModelConstraints.invalid("startingPosition", null, "must not be null");
    }
    ConsumerRegistrations.Found found = consumers.find(null, null, consumerArn);
    if (!found.consumer().active()) {
      throw RESOURCE_IN_USE.exception(
          "Consumer %s is not ACTIVE, instead in state CREATING", consumerArn);
    }
    StreamState stream = found.stream();
    ShardState shard = lookup.shard(stream, shardId);
    String iterator =
        reader.getShardIterator(
            StreamRef.named(stream.name()),
            shardId,
            start.type(),
            start.sequenceNumber(),
            start.timestamp());
    ShardIterators.Position position = iterators.decode(iterator);
    String key = consumerArn + "|" + shard.index();
    AtomicReference<Active> mine = new AtomicReference<>();
    CoordinationLog.Claim claim;
    try {
      claim = coordination.claim(key, () -> takeOver(mine.get()), config.requestTimeout());
    } catch (KinesisException e) {
      if (e.code() != RESOURCE_IN_USE) {
        throw e;
      }
      throw RESOURCE_IN_USE.exception(
          "Another active subscription exists for consumer %s and shard %s.", consumerArn, shardId);
    }
    Active subscription;
    try {
      subscription =
          new Active(
              key, stream.name(), stream.incarnation(), shard.index(), position.offset(), claim);
    } catch (RuntimeException e) {
      claim.release();
      throw e;
    }
    mine.set(subscription);
    // The claim won, so a local subscription for the key (if any) has been taken over.
    takeOver(active.put(key, subscription));
    return subscription;
  }

  private static void takeOver(Active old) {
    if (old != null && !old.closed) {
      old.takenOver = true;
      old.cursor.interrupt();
    }
  }

  private final class Active implements ShardSubscription {
    final String key;
    final String streamName;
    final long incarnation;
    final int shardIndex;
    final FanOutReaders.Cursor cursor;
    final CoordinationLog.Claim claim;
    volatile boolean closed;
    volatile boolean takenOver;

    Active(
        String key,
        String streamName,
        long incarnation,
        int shardIndex,
        long offset,
        CoordinationLog.Claim claim) {
      this.key = key;
      this.claim = claim;
      this.streamName = streamName;
      this.incarnation = incarnation;
      this.shardIndex = shardIndex;
      this.cursor = fanOut.open(lookup.topic(streamName), shardIndex, offset);
    }

    @Override
    public CompletableFuture<SubscriptionEvent> nextEvent(Duration maxWait) {
      if (closed) {
        return CompletableFuture.failedFuture(INTERNAL_FAILURE.exception("subscription closed"));
      }
      try {
        current();
      } catch (KinesisException e) {
        return CompletableFuture.failedFuture(e);
      }
      return cursor
          .next(this::endOffset, RecordReader.MAX_LIMIT, MAX_EVENT_BYTES, maxWait)
          .thenApplyAsync(this::toEvent, delivery);
    }

    /** Where the shard ends, asked at each delivery: a shard may close while we wait. */
    private long endOffset() {
      StreamState stream = catalog.stream(streamName);
      if (stream == null || stream.incarnation() != incarnation) {
        return Long.MAX_VALUE;
      }
      ShardState shard = stream.shard(shardIndex);
      return shard != null && shard.isClosed() ? shard.endOffset() : Long.MAX_VALUE;
    }

    private SubscriptionEvent toEvent(Batch batch) {
      // The shard may have closed, or another subscription taken over, while we waited.
      StreamState stream = current();
      ShardState shard = stream.shard(shardIndex);
      List<Record> records = reader.toRecords(shard, batch.records());
      long behind =
          batch.behind() == 0 || records.isEmpty()
              ? 0
              : Math.max(
                  0,
                  clock.millis()
                      - records
                          .get(records.size() - 1)
                          .approximateArrivalTimestamp()
                          .toEpochMilli());
      long bytes = 0;
      for (Record r : records) {
        bytes += r.data().length + r.partitionKey().length();
      }
      config.streamMetrics().eventDelivered(streamName, records.size(), bytes, behind);
      long next = batch.nextOffset();
      if (shard.isClosed() && next >= shard.endOffset()) {
        return new SubscriptionEvent(records, null, 0, reader.childShards(stream, shard));
      }
      String continuation =
          records.isEmpty()
              ? SequenceNumbers.continuation(shard.epochSeconds(), shard.index(), next)
              : records.get(records.size() - 1).sequenceNumber();
      return new SubscriptionEvent(records, continuation, behind, List.of());
    }

    private StreamState current() {
      if (takenOver) {
        throw RESOURCE_IN_USE.exception(
            "Another subscription for shard %s of stream %s took over.",
            ShardIds.format(shardIndex), streamName);
      }
      if (!coordination.freshWithin(CoordinationLog.STALE_AFTER)) {
        throw INTERNAL_FAILURE.exception(
            "Cannot tell whether another subscription took over shard %s of stream %s: the"
                + " coordination log is unavailable.",
            ShardIds.format(shardIndex), streamName);
      }
      StreamState stream = catalog.stream(streamName);
      if (stream == null || stream.incarnation() != incarnation) {
        throw RESOURCE_NOT_FOUND.exception(lookup.notFound(streamName));
      }
      return stream;
    }

    /** Ends a wait in progress (it fails) and leaves the shared reader. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      active.remove(key, this);
      claim.release();
      cursor.close();
    }
  }
}
