package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.EXPIRED_ITERATOR;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_NOT_FOUND;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.kafka.ShardReader;
import io.kinesisonkafka.adapter.internals.kafka.ShardReader.StoredRecord;
import io.kinesisonkafka.adapter.internals.kafka.TopicAdmin;
import io.kinesisonkafka.adapter.internals.mapping.SequenceNumbers;
import io.kinesisonkafka.adapter.internals.mapping.ShardIds;
import io.kinesisonkafka.adapter.internals.mapping.ShardIterators;
import io.kinesisonkafka.adapter.internals.state.ShardState;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import io.kinesisonkafka.adapter.model.ChildShard;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.ShardIteratorType;
import io.kinesisonkafka.adapter.model.StreamRef;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * GetShardIterator and GetRecords. An iterator is a position resolved to a Kafka offset when it is
 * issued and carried, authenticated, in the iterator itself, so any instance serves it and an idle
 * one costs nothing. A closed shard reads up to its end offset; past it there is no next iterator
 * and the children are reported.
 */
public final class RecordReader {
  static final int MAX_LIMIT = 10_000;
  static final long MAX_BYTES_PER_CALL = 10L * 1024 * 1024;

  private final EngineConfig config;
  private final StreamLookup lookup;
  private final CatalogLog catalog;
  private final TopicAdmin topics;
  private final ShardReader shardReader;
  private final ShardIterators iterators;
  private final Clock clock;
  private final ShardThrottle throttle;

  RecordReader(
      EngineConfig config,
      StreamLookup lookup,
      CatalogLog catalog,
      TopicAdmin topics,
      ShardReader shardReader,
      ShardIterators iterators,
      ShardThrottle throttle) {
    this.config = config;
    this.lookup = lookup;
    this.catalog = catalog;
    this.topics = topics;
    this.shardReader = shardReader;
    this.iterators = iterators;
    this.clock = config.clock();
    this.throttle = throttle;
  }

  public String getShardIterator(
      StreamRef ref,
      String shardId,
      ShardIteratorType type,
      String startingSequenceNumber,
      Instant timestamp) {
    StreamState stream = lookup.resolve(ref);
    if (type == null) {
      throw ModelConstraints.invalid(
          "shardIteratorType",
          null,
          "must satisfy enum value set: [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON,"
              + " LATEST, AT_TIMESTAMP]");
    }
    ShardState shard = lookup.shard(stream, shardId);
    boolean bySequence =
        type == ShardIteratorType.AT_SEQUENCE_NUMBER
            || type == ShardIteratorType.AFTER_SEQUENCE_NUMBER;
    if (bySequence && startingSequenceNumber == null) {
      throw INVALID_ARGUMENT.exception(
          "Must specify a StartingSequenceNumber for %s ShardIteratorType.", type);
    }
    if (!bySequence && startingSequenceNumber != null) {
      throw INVALID_ARGUMENT.exception(
          "Request specified StartingSequenceNumber for %s, only allowed for AT_SEQUENCE_NUMBER"
              + " or AFTER_SEQUENCE_NUMBER.",
          type);
    }
    if (type == ShardIteratorType.AT_TIMESTAMP && timestamp == null) {
      throw INVALID_ARGUMENT.exception(
          "Must specify timestampInMillis parameter for AT_TIMESTAMP.");
    }
    String topic = lookup.topic(stream.name());
    long end = shard.isClosed() ? shard.endOffset() : Long.MAX_VALUE;
    long offset =
        switch (type) {
          case TRIM_HORIZON -> topics.offsets(topic, shard.index()).earliest();
          case LATEST -> Math.min(end, topics.offsets(topic, shard.index()).latest());
          case AT_SEQUENCE_NUMBER ->
              Math.max(
                  0, lookup.offsetOf(stream, shard, startingSequenceNumber, "GetShardIterator"));
          case AFTER_SEQUENCE_NUMBER ->
              lookup.offsetOf(stream, shard, startingSequenceNumber, "GetShardIterator") + 1;
          case AT_TIMESTAMP -> atTimestamp(topic, shard, timestamp);
        };
    offset = Math.min(offset, end);
    long now = clock.millis();
    return iterators.encode(
        new ShardIterators.Position(
            stream.name(), stream.incarnation(), shard.index(), offset, now));
  }

  private long atTimestamp(String topic, ShardState shard, Instant timestamp) {
    long now = clock.millis();
    if (timestamp.toEpochMilli() > now) {
      throw INVALID_ARGUMENT.exception(
          "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis."
              + " timestampInMillis: %d, currentTimestampInMillis: %d",
          timestamp.toEpochMilli(), now);
    }
    long offset = topics.offsetForTime(topic, shard.index(), timestamp.toEpochMilli());
    if (offset < 0) {
      TopicAdmin.Offsets offsets = topics.offsets(topic, shard.index());
      return offsets.latest();
    }
    return offset;
  }

  public GetRecordsResult getRecords(String iterator, Integer limit) {
    if (iterator == null) {
      throw ModelConstraints.invalid("shardIterator", null, "must not be null");
    }
    int max = ModelConstraints.limit(limit, "limit", 1, MAX_LIMIT, MAX_LIMIT);
    ShardIterators.Position position = iterators.decode(iterator);
    long now = clock.millis();
    long age = now - position.issuedAtMillis();
    if (age > config.iteratorTtl().toMillis()) {
      throw EXPIRED_ITERATOR.exception(
          "Iterator expired. The iterator was created at time %s while right now it is %s which is"
              + " further in the future than the tolerated delay of %d milliseconds.",
          Instant.ofEpochMilli(position.issuedAtMillis()),
          Instant.ofEpochMilli(now),
          config.iteratorTtl().toMillis());
    }
    StreamState stream = catalog.stream(position.streamName());
    if (stream == null || stream.incarnation() != position.incarnationSeconds()) {
      throw RESOURCE_NOT_FOUND.exception(lookup.notFound(position.streamName()));
    }
    ShardState shard = stream.shard(position.shardIndex());
    if (shard == null || !shard.isVisible()) {
      throw RESOURCE_NOT_FOUND.exception(
          "Shard %s in stream %s under account %s does not exist",
          ShardIds.format(position.shardIndex()), stream.name(), config.accountId());
    }
    if (!throttle.tryRead(stream.name(), stream.incarnation(), shard.index())) {
      config.streamMetrics().readThrottled(stream.name());
      throw PROVISIONED_THROUGHPUT_EXCEEDED.exception(
          "Rate exceeded for shard %s in stream %s under account %s.",
          ShardIds.format(shard.index()), stream.name(), config.accountId());
    }
    long end = shard.isClosed() ? shard.endOffset() : Long.MAX_VALUE;
    ShardReader.Batch batch =
        shardReader.read(
            lookup.topic(stream.name()),
            shard.index(),
            position.offset(),
            end,
            max,
            MAX_BYTES_PER_CALL,
            config.getRecordsMaxWait());
    List<Record> records = toRecords(shard, batch.records());
    long bytes = 0;
    long lastTimestamp = 0;
    for (StoredRecord r : batch.records()) {
      bytes += r.key().length + r.value().length;
      lastTimestamp = r.timestampMillis();
    }
    throttle.chargeRead(stream.name(), stream.incarnation(), shard.index(), bytes);
    long behindForMetrics =
        batch.behind() == 0 || records.isEmpty() ? 0 : Math.max(0, now - lastTimestamp);
    config.streamMetrics().recordsRead(stream.name(), records.size(), bytes, behindForMetrics);
    // An empty answer while records follow (the wait ran out first) is behind by an age it does
    // not know: at least 1 ms, never 0, which tells a reader it has caught up.
    long millisBehind =
        batch.behind() == 0
            ? 0
            : records.isEmpty() ? (batch.behind() > 0 ? 1 : 0) : Math.max(0, now - lastTimestamp);
    if (shard.isClosed() && batch.nextOffset() >= shard.endOffset()) {
      return new GetRecordsResult(records, null, 0, childShards(stream, shard));
    }
    String next =
        iterators.encode(
            new ShardIterators.Position(
                stream.name(), stream.incarnation(), shard.index(), batch.nextOffset(), now));
    return new GetRecordsResult(records, next, millisBehind, List.of());
  }

  List<Record> toRecords(ShardState shard, List<StoredRecord> stored) {
    List<Record> records = new ArrayList<>(stored.size());
    for (StoredRecord r : stored) {
      records.add(
          new Record(
              SequenceNumbers.ofRecord(
                  shard.epochSeconds(), shard.index(), r.offset(), r.timestampMillis()),
              Instant.ofEpochMilli(r.timestampMillis()),
              r.value(),
              new String(r.key(), StandardCharsets.UTF_8)));
    }
    return records;
  }

  List<ChildShard> childShards(StreamState stream, ShardState shard) {
    List<ChildShard> children = new ArrayList<>();
    for (ShardState child : stream.childrenOf(shard.index())) {
      List<String> parents = new ArrayList<>();
      parents.add(ShardIds.format(child.parent()));
      if (child.adjacentParent() != ShardState.NONE) {
        parents.add(ShardIds.format(child.adjacentParent()));
      }
      children.add(new ChildShard(ShardIds.format(child.index()), parents, child.range()));
    }
    return children;
  }
}
