package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.LIMIT_EXCEEDED;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_IN_USE;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.kafka.TopicAdmin;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand.StreamUpdate;
import io.kinesisonkafka.adapter.internals.state.Outcome;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.Limits;
import io.kinesisonkafka.adapter.model.ListStreamsResult;
import io.kinesisonkafka.adapter.model.ListTagsResult;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.StreamDescription;
import io.kinesisonkafka.adapter.model.StreamDescriptionSummary;
import io.kinesisonkafka.adapter.model.StreamMode;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.adapter.model.StreamSummary;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The control plane of streams: create, delete, describe, list, tags, retention, settings. */
public final class StreamAdmin {
  static final int ON_DEMAND_SHARDS = 4;
  static final int MIN_RETENTION_HOURS = 24;
  static final int MAX_RETENTION_HOURS = 8760;
  static final int MIN_RECORD_KIB = 1024;
  static final int MAX_RECORD_KIB = 10240;

  private final EngineConfig config;
  private final StreamLookup lookup;
  private final CatalogLog catalog;
  private final TopicAdmin topics;
  private final ShardListing listing;
  private final StreamLifecycle lifecycle;

  StreamAdmin(
      EngineConfig config,
      StreamLookup lookup,
      CatalogLog catalog,
      TopicAdmin topics,
      ShardListing listing,
      StreamLifecycle lifecycle) {
    this.config = config;
    this.lookup = lookup;
    this.catalog = catalog;
    this.topics = topics;
    this.listing = listing;
    this.lifecycle = lifecycle;
  }

  public void createStream(CreateStreamRequest req) {
    String name = ModelConstraints.name("streamName", req.streamName());
    StreamMode mode = req.mode() == null ? StreamMode.PROVISIONED : req.mode();
    int shards;
    if (mode == StreamMode.PROVISIONED) {
      if (req.shardCount() == null) {
        throw INVALID_ARGUMENT.exception("ShardCount is required for a PROVISIONED stream.");
      }
      shards = req.shardCount();
      if (shards < 1) {
        throw ModelConstraints.invalid(
            "shardCount", shards, "must have value greater than or equal to 1");
      }
    } else {
      if (req.shardCount() != null) {
        throw INVALID_ARGUMENT.exception("ShardCount must not be given for an ON_DEMAND stream.");
      }
      shards = ON_DEMAND_SHARDS;
      long onDemand =
          catalog.state().streams().values().stream()
              .filter(s -> s.mode() == StreamMode.ON_DEMAND)
              .count();
      if (onDemand >= config.onDemandStreamLimit()) {
        throw LIMIT_EXCEEDED.exception(
            "This request would exceed the on-demand stream limit of %d for account %s.",
            config.onDemandStreamLimit(), config.accountId());
      }
    }
    int kib = req.maxRecordSizeInKiB() == null ? MIN_RECORD_KIB : req.maxRecordSizeInKiB();
    ModelConstraints.range("MaxRecordSizeInKiB", kib, MIN_RECORD_KIB, MAX_RECORD_KIB);
    Map<String, String> tags = req.tags() == null ? Map.of() : req.tags();
    validateTags(tags);
    lookup.awaitFresh();
    if (catalog.stream(name) == null && topics.topicExists(lookup.topic(name))) {
      throw RESOURCE_IN_USE.exception(
          "Stream %s under account %s cannot be created: Kafka topic %s already exists.",
          name, config.accountId(), lookup.topic(name));
    }
    append(
        new CatalogCommand.CreateStream(
            name, shards, mode, kib, tags, config.maxStreamsCreating(), config.shardLimit()));
    lifecycle.drive(name);
  }

  public void deleteStream(StreamRef ref, boolean enforceConsumerDeletion) {
    StreamState s = lookup.resolveFresh(ref);
    if (s.status() == StreamStatus.CREATING) {
      throw RESOURCE_IN_USE.exception(
          "Stream %s under account %s is in CREATING state and cannot be deleted.",
          s.name(), config.accountId());
    }
    append(new CatalogCommand.DeleteStream(s.name(), s.incarnation(), enforceConsumerDeletion));
    lifecycle.drive(s.name());
  }

  public StreamDescription describeStream(
      StreamRef ref, Integer limit, String exclusiveStartShardId) {
    StreamState s = lookup.resolve(ref);
    int max = ModelConstraints.limit(limit, "limit", 1, 10_000, 100);
    max = Math.min(max, 100);
    List<Shard> page = listing.describePage(s, exclusiveStartShardId, max);
    boolean more = page.size() > max;
    return new StreamDescription(
        s.name(),
        lookup.arn(s.name()),
        s.status(),
        s.mode(),
        more ? page.subList(0, max) : page,
        more,
        s.retentionHours(),
        Instant.ofEpochMilli(s.createdAtMillis()),
        s.enhancedMonitoring(),
        s.encryptionType(),
        s.keyId());
  }

  public StreamDescriptionSummary describeStreamSummary(StreamRef ref) {
    StreamState s = lookup.resolve(ref);
    return new StreamDescriptionSummary(
        s.name(),
        lookup.arn(s.name()),
        s.status(),
        s.mode(),
        s.retentionHours(),
        Instant.ofEpochMilli(s.createdAtMillis()),
        s.enhancedMonitoring(),
        s.encryptionType(),
        s.keyId(),
        s.openShardCount(),
        s.consumers().size(),
        s.maxRecordSizeKiB());
  }

  public ListStreamsResult listStreams(
      Integer limit, String exclusiveStartStreamName, String nextToken) {
    int max = ModelConstraints.limit(limit, "limit", 1, 10_000, 100);
    String after = exclusiveStartStreamName;
    if (nextToken != null) {
      try {
        after = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw INVALID_ARGUMENT.exception("Invalid NextToken.");
      }
    }
    String from = after;
    List<StreamState> streams =
        catalog.state().streams().values().stream()
            .filter(s -> from == null || s.name().compareTo(from) > 0)
            .sorted((a, b) -> a.name().compareTo(b.name()))
            .toList();
    List<String> names = new ArrayList<>();
    List<StreamSummary> summaries = new ArrayList<>();
    for (StreamState s : streams.subList(0, Math.min(max, streams.size()))) {
      names.add(s.name());
      summaries.add(
          new StreamSummary(
              s.name(),
              lookup.arn(s.name()),
              s.status(),
              s.mode(),
              Instant.ofEpochMilli(s.createdAtMillis())));
    }
    boolean more = streams.size() > max;
    String token =
        more
            ? Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(names.get(names.size() - 1).getBytes(StandardCharsets.UTF_8))
            : null;
    return new ListStreamsResult(names, more, token, summaries);
  }

  public void addTags(StreamRef ref, Map<String, String> tags) {
    if (tags == null || tags.isEmpty()) {
      throw ModelConstraints.invalid("tags", tags, "must have length greater than or equal to 1");
    }
    validateTags(tags);
    update(ref, new StreamUpdate.AddTags(tags));
  }

  public void removeTags(StreamRef ref, List<String> keys) {
    if (keys == null || keys.isEmpty() || keys.size() > 50) {
      throw ModelConstraints.invalid("tagKeys", keys, "must have length between 1 and 50");
    }
    update(ref, new StreamUpdate.RemoveTags(keys));
  }

  public ListTagsResult listTags(StreamRef ref, String exclusiveStartTagKey, Integer limit) {
    StreamState s = lookup.resolve(ref);
    int max = ModelConstraints.limit(limit, "limit", 1, 50, 50);
    List<ListTagsResult.Tag> tags = new ArrayList<>();
    boolean more = false;
    for (Map.Entry<String, String> e : s.tags().entrySet()) {
      if (exclusiveStartTagKey != null && e.getKey().compareTo(exclusiveStartTagKey) <= 0) {
        continue;
      }
      if (tags.size() == max) {
        more = true;
        break;
      }
      tags.add(new ListTagsResult.Tag(e.getKey(), e.getValue()));
    }
    return new ListTagsResult(tags, more);
  }

  public void changeRetention(StreamRef ref, int hours, boolean increase) {
    if (hours < MIN_RETENTION_HOURS) {
      throw INVALID_ARGUMENT.exception(
          "Minimum allowed retention period is %d hours. Requested retention period (%d hours) is"
              + " too short.",
          MIN_RETENTION_HOURS, hours);
    }
    if (hours > MAX_RETENTION_HOURS) {
      throw INVALID_ARGUMENT.exception(
          "Maximum allowed retention period is %d hours. Requested retention period (%d hours) is"
              + " too long.",
          MAX_RETENTION_HOURS, hours);
    }
    StreamState s = update(ref, new StreamUpdate.Retention(hours, increase));
    lifecycle.applyTopicConfig(s);
  }

  public void updateStreamMode(StreamRef ref, StreamMode mode) {
    if (mode == null) {
      throw ModelConstraints.invalid("streamModeDetails.streamMode", null, "must not be null");
    }
    update(ref, new StreamUpdate.Mode(mode));
  }

  public void updateMaxRecordSize(StreamRef ref, int kib) {
    ModelConstraints.range("MaxRecordSizeInKiB", kib, MIN_RECORD_KIB, MAX_RECORD_KIB);
    StreamState s = update(ref, new StreamUpdate.MaxRecordSize(kib));
    lifecycle.applyTopicConfig(s);
  }

  /** Current and desired metrics, as Enable/DisableEnhancedMonitoring report them. */
  public List<List<String>> enhancedMonitoring(
      StreamRef ref, List<String> metrics, boolean enable) {
    if (metrics == null || metrics.isEmpty() || metrics.size() > 7) {
      throw ModelConstraints.invalid(
          "shardLevelMetrics", metrics, "must have length between 1 and 7");
    }
    StreamState before = lookup.resolveFresh(ref);
    StreamState after = update(ref, new StreamUpdate.Monitoring(metrics, enable));
    return List.of(before.enhancedMonitoring(), after.enhancedMonitoring());
  }

  public void setEncryption(StreamRef ref, String type, String keyId) {
    update(ref, new StreamUpdate.Encryption(type, keyId));
  }

  public Limits describeLimits() {
    int open = 0;
    int onDemand = 0;
    for (StreamState s : catalog.state().streams().values()) {
      open += s.openShardCount();
      onDemand += s.mode() == StreamMode.ON_DEMAND ? 1 : 0;
    }
    return new Limits(config.shardLimit(), open, onDemand, config.onDemandStreamLimit());
  }

  /** Applies a settings change and returns the stream as it is after it. */
  private StreamState update(StreamRef ref, StreamUpdate update) {
    StreamState s = lookup.resolveFresh(ref);
    append(new CatalogCommand.UpdateStream(s.name(), s.incarnation(), update));
    return lookup.resolve(StreamRef.named(s.name()));
  }

  private void validateTags(Map<String, String> tags) {
    if (tags.size() > 50) {
      throw ModelConstraints.invalid(
          "tags", "[" + tags.size() + " tags]", "must have length less than or equal to 50");
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty() || e.getKey().length() > 128) {
        throw ModelConstraints.invalid(
            "tags.key", e.getKey(), "must have length between 1 and 128");
      }
      if (e.getValue() != null && e.getValue().length() > 256) {
        throw ModelConstraints.invalid(
            "tags.value", e.getValue(), "must have length less than or equal to 256");
      }
    }
  }

  private void append(CatalogCommand command) {
    Outcome outcome = catalog.append(command, config.requestTimeout());
    outcome.throwIfRejected();
  }
}
