package io.kinesisonkafka.adapter;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable configuration of a {@link KinesisEngine}. Build with {@link #custom()}; {@code build()}
 * reports every invalid setting at once.
 *
 * <p>The resharding bounds: a writer routes with its catalog view only while that view is at most
 * {@code catalogFreshness} old; an acknowledgement that arrives more than {@code fastAckBound}
 * after that routing decision (not after the send: a send can wait behind another) is re-checked
 * against the catalog before the client sees it; a shard being split or merged is frozen for {@code
 * freezeWindow()} = freshness + fast-ack bound + margin, after which its end offset is fixed
 * (DESIGN.md section 3).
 *
 * <p>What opening the catalog takes (Kafka connection, topics, account and region, the freshness
 * bounds, the request timeout) is its {@link #catalogSettings()}: the same {@link CatalogSettings}
 * the libraries open a {@link io.kinesisonkafka.adapter.catalog.StreamCatalog} with. The accessors
 * of those settings here are shortcuts to it.
 *
 * @param catalogSettings what opening the catalog takes
 * @param shardLimits per-shard throughput limits, enforced with ProvisionedThroughputExceeded
 * @param shardLimit the most open shards over all streams (DescribeLimits' ShardLimit)
 * @param maxStreamsCreating how many streams may be CREATING at once
 * @param maxScalingsPerDay how many UpdateShardCount calls a stream may have in 24 hours
 * @param onDemandStreamLimit the most ON_DEMAND streams
 * @param freezeMargin what a reshard's freeze window adds to the freshness and fast-ack bounds
 * @param iteratorTtl how long a shard iterator is valid
 * @param getRecordsMaxWait how long GetRecords waits for a record before answering empty
 * @param readerPoolSize how many Kafka consumers GetRecords may hold at once
 * @param streamMetrics where per-stream figures go
 * @param clock the engine's time (stream creation, iterator expiry, limits)
 */
public record EngineConfig(
    CatalogSettings catalogSettings,
    ShardLimits shardLimits,
    int shardLimit,
    int maxStreamsCreating,
    int maxScalingsPerDay,
    int onDemandStreamLimit,
    Duration freezeMargin,
    Duration iteratorTtl,
    Duration getRecordsMaxWait,
    int readerPoolSize,
    StreamMetrics streamMetrics,
    Clock clock) {

  /** Checks that no component is null; the builder validates the values. */
  public EngineConfig {
    Objects.requireNonNull(catalogSettings, "catalogSettings");
    Objects.requireNonNull(shardLimits, "shardLimits");
    Objects.requireNonNull(freezeMargin, "freezeMargin");
    Objects.requireNonNull(iteratorTtl, "iteratorTtl");
    Objects.requireNonNull(getRecordsMaxWait, "getRecordsMaxWait");
    Objects.requireNonNull(streamMetrics, "streamMetrics");
    Objects.requireNonNull(clock, "clock");
  }

  /** A builder with the defaults and no bootstrap servers (which {@code build()} requires). */
  public static Builder custom() {
    return new Builder();
  }

  /** Defaults against these bootstrap servers. */
  public static EngineConfig ofBootstrap(String bootstrapServers) {
    return custom().bootstrapServers(bootstrapServers).build();
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** How long a reshard keeps its parents frozen before fixing their end offsets. */
  public Duration freezeWindow() {
    return catalogFreshness().plus(fastAckBound()).plus(freezeMargin);
  }

  /** {@link CatalogSettings#kafkaProperties()}. */
  public Map<String, Object> kafkaProperties() {
    return catalogSettings.kafkaProperties();
  }

  /** {@link CatalogSettings#topicPrefix()}. */
  public String topicPrefix() {
    return catalogSettings.topicPrefix();
  }

  /** {@link CatalogSettings#catalogTopic()}. */
  public String catalogTopic() {
    return catalogSettings.catalogTopic();
  }

  /** {@link CatalogSettings#region()}. */
  public String region() {
    return catalogSettings.region();
  }

  /** {@link CatalogSettings#accountId()}. */
  public String accountId() {
    return catalogSettings.accountId();
  }

  /** {@link CatalogSettings#replicationFactor()}; also that of the streams' topics. */
  public short replicationFactor() {
    return catalogSettings.replicationFactor();
  }

  /** {@link CatalogSettings#catalogFreshness()}. */
  public Duration catalogFreshness() {
    return catalogSettings.catalogFreshness();
  }

  /** {@link CatalogSettings#fastAckBound()}. */
  public Duration fastAckBound() {
    return catalogSettings.fastAckBound();
  }

  /** {@link CatalogSettings#requestTimeout()}. */
  public Duration requestTimeout() {
    return catalogSettings.requestTimeout();
  }

  /** {@link CatalogSettings#streamArn(String)}. */
  public String streamArn(String streamName) {
    return catalogSettings.streamArn(streamName);
  }

  /** Builder in resilience4j's shape: {@code EngineConfig.custom()...build()}. Not thread-safe. */
  public static final class Builder {
    private final CatalogSettings.Builder catalog;
    private ShardLimits shardLimits = ShardLimits.kinesisDefaults();
    private int shardLimit = 1000;
    private int maxStreamsCreating = 5;
    private int maxScalingsPerDay = 10;
    private int onDemandStreamLimit = 50;
    private Duration freezeMargin = Duration.ofMillis(500);
    private Duration iteratorTtl = Duration.ofMinutes(5);
    private Duration getRecordsMaxWait = Duration.ofMillis(500);
    private int readerPoolSize = 64;
    private StreamMetrics streamMetrics = StreamMetrics.NONE;
    private Clock clock = Clock.systemUTC();

    private Builder() {
      catalog = CatalogSettings.custom();
    }

    private Builder(EngineConfig c) {
      catalog = CatalogSettings.from(c.catalogSettings);
      shardLimits = c.shardLimits;
      shardLimit = c.shardLimit;
      maxStreamsCreating = c.maxStreamsCreating;
      maxScalingsPerDay = c.maxScalingsPerDay;
      onDemandStreamLimit = c.onDemandStreamLimit;
      freezeMargin = c.freezeMargin;
      iteratorTtl = c.iteratorTtl;
      getRecordsMaxWait = c.getRecordsMaxWait;
      readerPoolSize = c.readerPoolSize;
      streamMetrics = c.streamMetrics;
      clock = c.clock;
    }

    /** Kafka's {@code bootstrap.servers}; required. */
    public Builder bootstrapServers(String servers) {
      catalog.bootstrapServers(servers);
      return this;
    }

    /** Any Kafka client property (SASL, TLS, ...), passed to every client the engine makes. */
    public Builder kafkaProperty(String name, Object value) {
      catalog.kafkaProperty(name, value);
      return this;
    }

    /** Adds these Kafka client properties to those set so far. */
    public Builder kafkaProperties(Map<String, ?> properties) {
      catalog.kafkaProperties(properties);
      return this;
    }

    /** See {@link CatalogSettings.Builder#topicPrefix}. */
    public Builder topicPrefix(String v) {
      catalog.topicPrefix(v);
      return this;
    }

    /** See {@link CatalogSettings.Builder#catalogTopic}. */
    public Builder catalogTopic(String v) {
      catalog.catalogTopic(v);
      return this;
    }

    /** See {@link CatalogSettings.Builder#region}. */
    public Builder region(String v) {
      catalog.region(v);
      return this;
    }

    /** See {@link CatalogSettings.Builder#accountId}. */
    public Builder accountId(String v) {
      catalog.accountId(v);
      return this;
    }

    /** The replication factor of every topic the engine creates; -1 for the broker default. */
    public Builder replicationFactor(int v) {
      catalog.replicationFactor(v);
      return this;
    }

    /** Per-shard throughput limits; default Kinesis's. */
    public Builder shardLimits(ShardLimits v) {
      shardLimits = v;
      return this;
    }

    /** Greater than zero; default 1000. */
    public Builder shardLimit(int v) {
      shardLimit = v;
      return this;
    }

    /** Greater than zero; default 5. */
    public Builder maxStreamsCreating(int v) {
      maxStreamsCreating = v;
      return this;
    }

    /** Greater than zero; default 10. */
    public Builder maxScalingsPerDay(int v) {
      maxScalingsPerDay = v;
      return this;
    }

    /** Greater than zero; default 50. */
    public Builder onDemandStreamLimit(int v) {
      onDemandStreamLimit = v;
      return this;
    }

    /** See {@link CatalogSettings.Builder#catalogFreshness}. */
    public Builder catalogFreshness(Duration v) {
      catalog.catalogFreshness(v);
      return this;
    }

    /** See {@link CatalogSettings.Builder#fastAckBound}. */
    public Builder fastAckBound(Duration v) {
      catalog.fastAckBound(v);
      return this;
    }

    /** Zero or more; default 500 ms. */
    public Builder freezeMargin(Duration v) {
      freezeMargin = v;
      return this;
    }

    /** Greater than zero; default 5 minutes. */
    public Builder iteratorTtl(Duration v) {
      iteratorTtl = v;
      return this;
    }

    /** See {@link CatalogSettings.Builder#requestTimeout}. */
    public Builder requestTimeout(Duration v) {
      catalog.requestTimeout(v);
      return this;
    }

    /** Greater than zero; default 500 ms. */
    public Builder getRecordsMaxWait(Duration v) {
      getRecordsMaxWait = v;
      return this;
    }

    /** Greater than zero; default 64. */
    public Builder readerPoolSize(int v) {
      readerPoolSize = v;
      return this;
    }

    /** Where per-stream CloudWatch-style figures go; none by default. */
    public Builder streamMetrics(StreamMetrics v) {
      streamMetrics = v;
      return this;
    }

    /** The engine's time; default the system UTC clock. */
    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming every invalid setting
     */
    public EngineConfig build() {
      List<String> problems = new ArrayList<>(catalog.problems());
      positive(problems, "shardLimit", shardLimit);
      positive(problems, "maxStreamsCreating", maxStreamsCreating);
      positive(problems, "maxScalingsPerDay", maxScalingsPerDay);
      positive(problems, "onDemandStreamLimit", onDemandStreamLimit);
      positive(problems, "readerPoolSize", readerPoolSize);
      positive(problems, "iteratorTtl", iteratorTtl);
      positive(problems, "getRecordsMaxWait", getRecordsMaxWait);
      if (freezeMargin == null || freezeMargin.isNegative()) {
        problems.add("freezeMargin must be >= 0, but was " + freezeMargin);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Invalid engine configuration: " + problems);
      }
      return new EngineConfig(
          catalog.build(),
          Objects.requireNonNull(shardLimits, "shardLimits"),
          shardLimit,
          maxStreamsCreating,
          maxScalingsPerDay,
          onDemandStreamLimit,
          freezeMargin,
          iteratorTtl,
          getRecordsMaxWait,
          readerPoolSize,
          Objects.requireNonNull(streamMetrics, "streamMetrics"),
          Objects.requireNonNull(clock, "clock"));
    }

    private static void positive(List<String> problems, String name, long value) {
      if (value <= 0) {
        problems.add(name + " must be > 0, but was " + value);
      }
    }

    private static void positive(List<String> problems, String name, Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        problems.add(name + " must be > 0, but was " + value);
      }
    }
  }
}
