package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_NOT_FOUND;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.mapping.SequenceNumbers;
import io.kinesisonkafka.adapter.internals.mapping.ShardIds;
import io.kinesisonkafka.adapter.internals.state.ShardState;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import io.kinesisonkafka.adapter.model.StreamRef;
import java.util.OptionalInt;

/**
 * Finds the stream, shard or record position a request names in the catalog view, failing with the
 * error and message Kinesis gives (ResourceNotFound, InvalidArgument), and translates stream names
 * to topics and ARNs. Every operation resolves its request here, so the messages agree.
 */
final class StreamLookup {
  private final CatalogLog catalog;
  private final CatalogSettings settings;
  private final ModelConstraints validation;

  StreamLookup(CatalogLog catalog, CatalogSettings settings, ModelConstraints validation) {
    this.catalog = catalog;
    this.settings = settings;
    this.validation = validation;
  }

  String topic(String streamName) {
    return settings.topicPrefix() + streamName;
  }

  String arn(String streamName) {
    return settings.streamArn(streamName);
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

  /** Blocks until the view is within the freshness bound, at most the request timeout. */
  void awaitFresh() {
    long now = System.nanoTime();
    long bound = settings.catalogFreshness().toNanos();
    if (now - catalog.freshAsOfNanos() > bound) {
      catalog.awaitFresh(now - bound, settings.requestTimeout());
    }
  }

  String notFound(String streamName) {
    return "Stream %s under account %s not found.".formatted(streamName, settings.accountId());
  }

  /** A visible shard of the stream, or ResourceNotFound / InvalidArgument as Kinesis says. */
  ShardState shard(StreamState stream, String shardId) {
    OptionalInt index = ShardIds.parse(validation.shardId(shardId));
    ShardState shard = index.isPresent() ? stream.shard(index.getAsInt()) : null;
    if (shard == null || !shard.isVisible()) {
      throw RESOURCE_NOT_FOUND.exception(
          "Shard %s in stream %s under account %s does not exist",
          shardId, stream.name(), settings.accountId());
    }
    return shard;
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
        settings.accountId());
  }
}
