package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_NOT_FOUND;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.kafka.RecordLog;
import io.kinesisonkafka.adapter.internals.kafka.ShardReader;
import io.kinesisonkafka.adapter.internals.kafka.TopicAdmin;
import io.kinesisonkafka.adapter.internals.mapping.SequenceNumbers;
import io.kinesisonkafka.adapter.internals.mapping.ShardIds;
import io.kinesisonkafka.adapter.internals.mapping.ShardIterators;
import io.kinesisonkafka.adapter.internals.state.ShardState;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import io.kinesisonkafka.adapter.model.StreamRef;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * What every engine component shares: configuration, the catalog, the Kafka clients, and the
 * translation between Kinesis names and Kafka ones (stream to topic, shard to partition).
 */
public final class EngineContext {
  /** Record seconds written into an EndingSequenceNumber so it is above every record's number. */
  private static final long MAX_RECORD_SECONDS = 0xFFFFFFFFFL;

  final EngineConfig config;
  final CatalogLog catalog;
  final TopicAdmin admin;
  final RecordLog records;
  final ShardReader reader;
  final ShardIterators iterators;
  final Clock clock;
  final ModelConstraints validation;

  public EngineContext(
      EngineConfig config,
      CatalogLog catalog,
      TopicAdmin admin,
      RecordLog records,
      ShardReader reader,
      ShardIterators iterators) {
    this.config = config;
    this.catalog = catalog;
    this.admin = admin;
    this.records = records;
    this.reader = reader;
    this.iterators = iterators;
    this.clock = config.clock();
    this.validation = new ModelConstraints(config);
  }

  String topic(String streamName) {
    return config.topicPrefix() + streamName;
  }

  String arn(String streamName) {
    return config.streamArn(streamName);
  }

  /** The stream a request names, in the current view; ResourceNotFound when absent. */
  StreamState resolve(StreamRef ref) {
    String name = validation.streamName(ref);
    StreamState stream = catalog.stream(name);
    if (stream == null) {
      throw RESOURCE_NOT_FOUND.exception(notFound(name));
    }
    return stream;
  }

  /** Like {@link #resolve} after making sure the view is within the freshness bound. */
  StreamState resolveFresh(StreamRef ref) {
    awaitFresh();
    return resolve(ref);
  }

  void awaitFresh() {
    long now = System.nanoTime();
    if (now - catalog.freshAsOfNanos() > config.catalogFreshness().toNanos()) {
      catalog.awaitFresh(now - config.catalogFreshness().toNanos(), config.requestTimeout());
    }
  }

  /** Completes when the view is within the freshness bound; at once if it already is. */
  CompletableFuture<Void> whenFresh() {
    long now = System.nanoTime();
    long bound = config.catalogFreshness().toNanos();
    if (now - catalog.freshAsOfNanos() <= bound) {
      return CompletableFuture.completedFuture(null);
    }
    return catalog.whenFresh(now - bound);
  }

  String notFound(String streamName) {
    return "Stream %s under account %s not found.".formatted(streamName, config.accountId());
  }

  /** A visible shard of the stream, or ResourceNotFound / InvalidArgument as Kinesis says. */
  ShardState shard(StreamState stream, String shardId) {
    OptionalInt index = ShardIds.parse(validation.shardId(shardId));
    ShardState shard = index.isPresent() ? stream.shard(index.getAsInt()) : null;
    if (shard == null || !shard.isVisible()) {
      throw RESOURCE_NOT_FOUND.exception(
          "Shard %s in stream %s under account %s does not exist",
          shardId, stream.name(), config.accountId());
    }
    return shard;
  }

  /**
   * Below every record of the shard: sequence index 0. A record's sequence index is its offset + 1,
   * so AFTER_SEQUENCE_NUMBER of this number starts at the first record, and a position before any
   * record still has a number (SubscribeToShard's continuation on an empty shard).
   */
  String startingSequenceNumber(ShardState shard) {
    return SequenceNumbers.encode(shard.epochSeconds(), shard.index(), 0, shard.epochSeconds());
  }

  /** At or above every record of a closed shard: the last record's index, the largest seconds. */
  String endingSequenceNumber(ShardState shard) {
    if (!shard.isClosed()) {
      return null;
    }
    return SequenceNumbers.encode(
        shard.epochSeconds(), shard.index(), shard.endOffset(), MAX_RECORD_SECONDS);
  }

  String sequenceNumber(ShardState shard, long offset, long timestampMillis) {
    return SequenceNumbers.encode(
        shard.epochSeconds(), shard.index(), offset + 1, Math.max(0, timestampMillis / 1000));
  }

  /**
   * The number that names "everything before {@code nextOffset}": at or above every earlier
   * record's number and below the next one's, so AFTER_SEQUENCE_NUMBER of it resumes at {@code
   * nextOffset}.
   */
  String continuationSequenceNumber(ShardState shard, long nextOffset) {
    return SequenceNumbers.encode(
        shard.epochSeconds(), shard.index(), nextOffset, MAX_RECORD_SECONDS);
  }

  /**
   * The Kafka offset of the record a sequence number names in this shard (-1 for the shard's
   * starting sequence number), or InvalidArgument.
   */
  long offsetOf(StreamState stream, ShardState shard, String sequenceNumber, String operation) {
    SequenceNumbers.Decoded decoded;
    try {
      decoded = SequenceNumbers.decode(validation.sequenceNumber(sequenceNumber));
    } catch (RuntimeException e) {
      throw invalidSequence(stream, shard, sequenceNumber, operation);
    }
    if (decoded.shardIndex() != shard.index()) {
      throw INVALID_ARGUMENT.exception(
          "Invalid StartingSequenceNumber. It encodes %s, while it was used in a call to a shard"
              + " with %s",
          ShardIds.format(decoded.shardIndex()), ShardIds.format(shard.index()));
    }
    if (decoded.incarnationSeconds() != shard.epochSeconds()) {
      throw invalidSequence(stream, shard, sequenceNumber, operation);
    }
    return decoded.offset() - 1;
  }

  private RuntimeException invalidSequence(
      StreamState stream, ShardState shard, String sequenceNumber, String operation) {
    return INVALID_ARGUMENT.exception(
        "StartingSequenceNumber %s used in %s on shard %s in stream %s under account %s is"
            + " invalid.",
        sequenceNumber,
        operation,
        ShardIds.format(shard.index()),
        stream.name(),
        config.accountId());
  }
}
