package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.EXPIRED_NEXT_TOKEN;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_IN_USE;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.mapping.SequenceNumbers;
import io.kinesisonkafka.adapter.internals.mapping.ShardIds;
import io.kinesisonkafka.adapter.internals.state.ShardState;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import io.kinesisonkafka.adapter.model.ListShardsResult;
import io.kinesisonkafka.adapter.model.SequenceNumberRange;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.ShardFilter;
import io.kinesisonkafka.adapter.model.ShardFilterType;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * ListShards (with ShardFilter and NextToken) and the shard pages of DescribeStream. A shard is
 * open over [its parent's close, its own close); shards closed before the trim horizon (now minus
 * retention) have expired and are never listed.
 */
public final class ShardListing {
  static final int DEFAULT_MAX_RESULTS = 1000;
  static final Duration TOKEN_TTL = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EngineConfig config;
  private final StreamLookup lookup;
  private final CatalogLog catalog;
  private final Clock clock;

  /** What a ListShards NextToken carries: the query and where the next page starts. */
  record Token(
      String stream,
      long incarnation,
      int afterIndex,
      ShardFilterType filter,
      String filterShardId,
      Long filterTimestamp,
      int maxResults,
      long issuedAt) {}

  ShardListing(EngineConfig config, StreamLookup lookup, CatalogLog catalog) {
    this.config = config;
    this.lookup = lookup;
    this.catalog = catalog;
    this.clock = config.clock();
  }

  public ListShardsResult listShards(
      StreamRef ref,
      String nextToken,
      String exclusiveStartShardId,
      Integer maxResults,
      ShardFilter filter) {
    int max = ModelConstraints.limit(maxResults, "maxResults", 1, 10_000, DEFAULT_MAX_RESULTS);
    Token token;
    if (nextToken != null) {
      if (ref != null && (ref.streamName() != null || ref.streamArn() != null)) {
        throw INVALID_ARGUMENT.exception("NextToken and StreamName cannot be provided together.");
      }
      if (exclusiveStartShardId != null || filter != null) {
        throw INVALID_ARGUMENT.exception(
            "NextToken cannot be provided together with ExclusiveStartShardId or ShardFilter.");
      }
      token = decode(nextToken);
      if (maxResults != null) {
        token = withMax(token, max);
      }
    } else {
      StreamState stream = lookup.resolve(ref);
      if (stream.status() == StreamStatus.CREATING) {
        throw RESOURCE_IN_USE.exception(
            "Stream %s under account %s is still being created.",
            stream.name(), config.accountId());
      }
      ShardFilterType type = filter == null ? ShardFilterType.FROM_TRIM_HORIZON : filter.type();
      int after = exclusiveStartShardId == null ? -1 : indexOf(exclusiveStartShardId);
      String filterShard = null;
      Long filterTime = null;
      if (filter != null && type == ShardFilterType.AFTER_SHARD_ID) {
        if (filter.shardId() == null) {
          throw INVALID_ARGUMENT.exception("ShardId must be provided for AFTER_SHARD_ID filter.");
        }
        filterShard = filter.shardId();
      }
      if (type == ShardFilterType.AT_TIMESTAMP || type == ShardFilterType.FROM_TIMESTAMP) {
        if (filter.timestamp() == null) {
          throw INVALID_ARGUMENT.exception("Timestamp must be provided for %s filter.", type);
        }
        filterTime = filter.timestamp().toEpochMilli();
      }
      token =
          new Token(
              stream.name(),
              stream.incarnation(),
              after,
              type,
              filterShard,
              filterTime,
              max,
              clock.millis());
    }
    Token query = token;
    StreamState stream = catalog.stream(query.stream());
    if (stream == null || stream.incarnation() != query.incarnation()) {
      throw io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_NOT_FOUND.exception(
          lookup.notFound(token.stream()));
    }
    List<ShardState> matching =
        stream.shards().stream()
            .filter(ShardState::isVisible)
            .filter(s -> s.index() > query.afterIndex())
            .filter(notExpired(stream))
            .filter(matches(stream, query))
            .toList();
    List<Shard> page = new ArrayList<>();
    for (int i = 0; i < matching.size() && i < token.maxResults(); i++) {
      page.add(toShard(matching.get(i)));
    }
    String next = null;
    if (matching.size() > token.maxResults()) {
      int last = matching.get(token.maxResults() - 1).index();
      next = encode(withAfter(token, last, clock.millis()));
    }
    return new ListShardsResult(page, next);
  }

  /** DescribeStream's page: at most {@code limit} shards after {@code exclusiveStartShardId}. */
  List<Shard> describePage(StreamState stream, String exclusiveStartShardId, int limit) {
    int after = exclusiveStartShardId == null ? -1 : indexOf(exclusiveStartShardId);
    return stream.shards().stream()
        .filter(ShardState::isVisible)
        .filter(s -> s.index() > after)
        .filter(notExpired(stream))
        .limit(limit + 1L)
        .map(this::toShard)
        .toList();
  }

  Shard toShard(ShardState s) {
    return new Shard(
        ShardIds.format(s.index()),
        s.parent() == ShardState.NONE ? null : ShardIds.format(s.parent()),
        s.adjacentParent() == ShardState.NONE ? null : ShardIds.format(s.adjacentParent()),
        s.range(),
        new SequenceNumberRange(
            SequenceNumbers.starting(s.epochSeconds(), s.index()),
            (s.isClosed()
                ? SequenceNumbers.ending(s.epochSeconds(), s.index(), s.endOffset())
                : null)));
  }

  private Predicate<ShardState> notExpired(StreamState stream) {
    long trimHorizon = clock.millis() - Duration.ofHours(stream.retentionHours()).toMillis();
    return s -> !s.isClosed() || s.closedAtMillis() >= trimHorizon;
  }

  private Predicate<ShardState> matches(StreamState stream, Token token) {
    long now = clock.millis();
    long trimHorizon =
        Math.max(
            stream.createdAtMillis(), now - Duration.ofHours(stream.retentionHours()).toMillis());
    return switch (token.filter()) {
      case FROM_TRIM_HORIZON -> s -> true;
      case AT_TRIM_HORIZON -> s -> openAt(stream, s, trimHorizon);
      case AT_LATEST -> s -> !s.isClosed();
      case AT_TIMESTAMP ->
          s -> openAt(stream, s, Math.max(stream.createdAtMillis(), token.filterTimestamp()));
      case FROM_TIMESTAMP -> s -> !s.isClosed() || s.closedAtMillis() > token.filterTimestamp();
      case AFTER_SHARD_ID -> s -> s.index() > indexOf(token.filterShardId());
    };
  }

  private static boolean openAt(StreamState stream, ShardState s, long t) {
    long opened =
        s.parent() == ShardState.NONE
            ? s.createdAtMillis()
            : stream.shard(s.parent()).closedAtMillis();
    return opened <= t && (!s.isClosed() || s.closedAtMillis() > t);
  }

  private int indexOf(String shardId) {
    OptionalInt index = ShardIds.parse(ModelConstraints.name("shardId", shardId));
    if (index.isEmpty()) {
      throw INVALID_ARGUMENT.exception("Invalid ShardId %s.", shardId);
    }
    return index.getAsInt();
  }

  private String encode(Token token) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(token));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Token decode(String nextToken) {
    Token token;
    try {
      token = JSON.readValue(Base64.getUrlDecoder().decode(nextToken), Token.class);
    } catch (IOException | IllegalArgumentException e) {
      throw INVALID_ARGUMENT.exception("Invalid NextToken.");
    }
    if (token.stream() == null || token.filter() == null || token.maxResults() < 1) {
      throw INVALID_ARGUMENT.exception("Invalid NextToken.");
    }
    if (clock.millis() - token.issuedAt() > TOKEN_TTL.toMillis()) {
      throw EXPIRED_NEXT_TOKEN.exception(
          "The timestamp of the NextToken %s is older than %s.",
          Instant.ofEpochMilli(token.issuedAt()), TOKEN_TTL);
    }
    return token;
  }

  private static Token withMax(Token t, int max) {
    return new Token(
        t.stream(),
        t.incarnation(),
        t.afterIndex(),
        t.filter(),
        t.filterShardId(),
        t.filterTimestamp(),
        max,
        t.issuedAt());
  }

  private static Token withAfter(Token t, int after, long now) {
    return new Token(
        t.stream(),
        t.incarnation(),
        after,
        t.filter(),
        t.filterShardId(),
        t.filterTimestamp(),
        t.maxResults(),
        now);
  }
}
