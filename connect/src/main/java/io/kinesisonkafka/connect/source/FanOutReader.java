package io.kinesisonkafka.connect.source;

import io.github.resilience4j.core.IntervalFunction;
import io.kinesisonkafka.connect.internals.FanOut;
import io.kinesisonkafka.connect.internals.KinesisAccess;
import io.kinesisonkafka.connect.internals.Retriable;
import io.kinesisonkafka.connect.internals.ShardRead;
import io.kinesisonkafka.connect.internals.SourceShard;
import io.kinesisonkafka.connect.internals.SourceShard.State;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;

/**
 * Reads shards with enhanced fan-out ({@code kinesis.reader=fanout}): one SubscribeToShard
 * subscription per shard, its events taken one at a time; a subscription that ends (every 5
 * minutes) is opened again from the last user record copied, or after the last continuation
 * sequence number. A shard's end is the event without a continuation sequence number.
 *
 * <p>Why a class of its own: the registered stream consumers, the HTTP/2 client and the lifecycle
 * of a subscription (open, take, ended, failed) have nothing in common with GetRecords but the
 * shard's position, and the task's poll loop does not need to know which of the two it drives.
 */
final class FanOutReader implements ShardReader {
  // The task's logger: moving the code here leaves the log categories users configure unchanged.
  private static final Logger log = LoggerFactory.getLogger(KinesisSourceTask.class);

  private final Clock clock;
  private final ShardRead.Start start;
  private final IntervalFunction backoff;
  private final SourceRecordConverter converter;
  private final KinesisAsyncClient async;

  /** The registered stream consumer's ARN per stream; written in {@link #register} only. */
  private final Map<String, String> consumerArns = new HashMap<>();

  /** Opens the HTTP/2 client; {@link #register} then registers the consumer on each stream. */
  FanOutReader(
      KinesisAccess access,
      Clock clock,
      ShardRead.Start start,
      IntervalFunction backoff,
      SourceRecordConverter converter) {
    this.clock = clock;
    this.start = start;
    this.backoff = backoff;
    this.converter = converter;
    this.async = FanOut.asyncClient(access);
  }

  /** Registers the stream consumer {@code name} on each stream (or finds it registered). */
  void register(KinesisClient kinesis, Set<String> streams, String name) {
    for (String stream : streams) {
      try {
        consumerArns.put(stream, FanOut.register(kinesis, stream, name));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("Interrupted while registering the stream consumer", e);
      }
    }
  }

  /** Takes the events waiting, and subscribes again when a subscription ended. */
  @Override
  public void read(SourceShard shard, List<SourceRecord> out) {
    if (shard.subscription == null) {
      shard.subscription =
          FanOut.ShardSubscription.open(
              async,
              consumerArns.get(shard.info.stream()),
              shard.info.shardId(),
              startingPosition(shard));
    }
    SubscribeToShardEvent event;
    boolean any = false;
    while (out.size() < KinesisSourceTask.MAX_RECORDS_PER_POLL
        && (event = shard.subscription.next()) != null) {
      any = true;
      if (take(shard, event, out)) {
        return;
      }
    }
    if (shard.subscription.ended()) {
      Throwable failure = shard.subscription.failure();
      shard.subscription = null;
      if (failure != null) {
        failed(shard, failure);
      }
    } else if (!any) {
      shard.dueAtMillis = clock.millis() + 20;
    }
  }

  /** Adds the event's records to {@code out}; returns whether it was the shard's end. */
  private boolean take(SourceShard shard, SubscribeToShardEvent event, List<SourceRecord> out) {
    converter.addAll(shard, shard.read.items(event.records(), shard.position), out);
    if (event.millisBehindLatest() != null) {
      shard.millisBehindLatest = event.millisBehindLatest();
    }
    shard.continuation = event.continuationSequenceNumber();
    if (shard.continuation == null) {
      shard.subscription.cancel();
      shard.subscription = null;
      shard.state = State.ENDED;
      shard.millisBehindLatest = 0;
      log.info("Shard {} read to its end", shard.info.key());
      return true;
    }
    shard.failures = 0;
    return false;
  }

  /** A subscription that ended with a failure: the shard ends, backs off, or fails the task. */
  private void failed(SourceShard shard, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof ResourceNotFoundException) {
      log.warn("Shard {} is gone ({}); no longer copied", shard.info.key(), cause.toString());
      shard.state = State.ENDED;
      return;
    }
    if (!Retriable.test(cause) && !(cause instanceof ResourceInUseException)) {
      throw new ConnectException("SubscribeToShard for " + shard.info.key() + " failed", cause);
    }
    shard.failures++;
    shard.dueAtMillis = clock.millis() + backoff.apply(shard.failures);
  }

  private StartingPosition startingPosition(SourceShard shard) {
    if (shard.position != null) {
      return StartingPosition.builder()
          .type(ShardIteratorType.AT_SEQUENCE_NUMBER)
          .sequenceNumber(shard.position.sequenceNumber())
          .build();
    }
    if (shard.continuation != null) {
      return StartingPosition.builder()
          .type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
          .sequenceNumber(shard.continuation)
          .build();
    }
    return StartingPosition.builder().type(start.type()).timestamp(start.timestamp()).build();
  }

  /** Cancels the shards' subscriptions, then closes the client (Connect calls this on stop). */
  @Override
  public void close(Collection<SourceShard> shards) {
    for (SourceShard shard : shards) {
      FanOut.ShardSubscription s = shard.subscription;
      if (s != null) {
        s.cancel();
      }
    }
    async.close();
  }
}
