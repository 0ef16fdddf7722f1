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
 * @param subscriptionReaders how many threads, each with one Kafka consumer, read for all
 *     SubscribeToShard subscriptions
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
    int subscriptionReaders,
    StreamMetrics streamMetrics,
    Clock clock) {

  /**
   * Checks that no component is null; the builder validates the values.
   *
   * @param catalogSettings what opening the catalog takes
   * @param shardLimits per-shard throughput limits
   * @param shardLimit the most open shards over all streams
   * @param maxStreamsCreating how many streams may be CREATING at once
   * @param maxScalingsPerDay how many UpdateShardCount calls a stream may have in 24 hours
   * @param onDemandStreamLimit the most ON_DEMAND streams
   * @param freezeMargin what a reshard's freeze window adds to the freshness and fast-ack bounds
   * @param iteratorTtl how long a shard iterator is valid
   * @param getRecordsMaxWait how long GetRecords waits for a record before answering empty
   * @param readerPoolSize how many Kafka consumers GetRecords may hold at once
   * @param subscriptionReaders how many threads, each with one Kafka consumer, read for all
   *     SubscribeToShard subscriptions
   * @param streamMetrics where per-stream figures go
   * @param clock the engine's time
   * @throws NullPointerException naming the first null component
   */
  public EngineConfig {
    Objects.requireNonNull(catalogSettings, "catalogSettings");
    Objects.requireNonNull(shardLimits, "shardLimits");
    Objects.requireNonNull(freezeMargin, "freezeMargin");
    Objects.requireNonNull(iteratorTtl, "iteratorTtl");
    Objects.requireNonNull(getRecordsMaxWait, "getRecordsMaxWait");
    Objects.requireNonNull(streamMetrics, "streamMetrics");
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * A builder with the defaults and no bootstrap servers (which {@code build()} requires).
   *
   * @return a new builder
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Defaults against these bootstrap servers.
   *
   * @param bootstrapServers Kafka's {@code bootstrap.servers}, {@code host:port[,host:port...]}
   * @return the configuration
   * @throws IllegalArgumentException if {@code bootstrapServers} is null
   */
  public static EngineConfig ofBootstrap(String bootstrapServers) {
    return custom().bootstrapServers(bootstrapServers).build();
  }

  /**
   * A builder that starts from this configuration.
   *
   * @return a new builder; changing it leaves this configuration as it is
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * How long a reshard keeps its parents frozen before fixing their end offsets.
   *
   * @return catalog freshness plus fast-ack bound plus freeze margin
   */
  public Duration freezeWindow() {
    return catalogFreshness().plus(fastAckBound()).plus(freezeMargin);
  }

  /**
   * {@link CatalogSettings#kafkaProperties()}.
   *
   * @return the user's Kafka client properties; unmodifiable
   */
  public Map<String, Object> kafkaProperties() {
    return catalogSettings.kafkaProperties();
  }

  /**
   * {@link CatalogSettings#topicPrefix()}.
   *
   * @return what a stream's topic name starts with
   */
  public String topicPrefix() {
    return catalogSettings.topicPrefix();
  }

  /**
   * {@link CatalogSettings#catalogTopic()}.
   *
   * @return the catalog topic's name
   */
  public String catalogTopic() {
    return catalogSettings.catalogTopic();
  }

  /**
   * {@link CatalogSettings#region()}.
   *
   * @return the region stream ARNs name
   */
  public String region() {
    return catalogSettings.region();
  }

  /**
   * {@link CatalogSettings#accountId()}.
   *
   * @return the 12-digit account stream ARNs name
   */
  public String accountId() {
    return catalogSettings.accountId();
  }

  /**
   * {@link CatalogSettings#replicationFactor()}; also that of the streams' topics.
   *
   * @return the replication factor of the topics the engine creates; -1 for the broker default
   */
  public short replicationFactor() {
    return catalogSettings.replicationFactor();
  }

  /**
   * {@link CatalogSettings#catalogFreshness()}.
   *
   * @return how stale a catalog view may be and still route records
   */
  public Duration catalogFreshness() {
    return catalogSettings.catalogFreshness();
  }

  /**
   * {@link CatalogSettings#fastAckBound()}.
   *
   * @return how long after its routing decision an acknowledgement needs no re-check
   */
  public Duration fastAckBound() {
    return catalogSettings.fastAckBound();
  }

  /**
   * {@link CatalogSettings#requestTimeout()}.
   *
   * @return how long a blocking call may wait on Kafka
   */
  public Duration requestTimeout() {
    return catalogSettings.requestTimeout();
  }

  /**
   * {@link CatalogSettings#streamArn(String)}.
   *
   * @param streamName the stream's name; not checked
   * @return {@code arn:aws:kinesis:<region>:<account>:stream/<name>}
   */
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
    private int subscriptionReaders = 2;
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
      subscriptionReaders = c.subscriptionReaders;
      streamMetrics = c.streamMetrics;
      clock = c.clock;
    }

    /**
     * Kafka's {@code bootstrap.servers}; required.
     *
     * @param servers {@code host:port[,host:port...]}
     * @return this builder
     */
    public Builder bootstrapServers(String servers) {
      catalog.bootstrapServers(servers);
      return this;
    }

    /**
     * Any Kafka client property (SASL, TLS, ...), passed to every client the engine makes.
     *
     * @param name the Kafka property's name
     * @param value its value; the enforced properties of {@link CatalogSettings} win over it
     * @return this builder
     */
    public Builder kafkaProperty(String name, Object value) {
      catalog.kafkaProperty(name, value);
      return this;
    }

    /**
     * Adds these Kafka client properties to those set so far.
     *
     * @param properties Kafka properties by name; later values replace earlier ones
     * @return this builder
     */
    public Builder kafkaProperties(Map<String, ?> properties) {
      catalog.kafkaProperties(properties);
      return this;
    }

    /**
     * See {@link CatalogSettings.Builder#topicPrefix}.
     *
     * @param v what every stream topic name starts with
     * @return this builder
     */
    public Builder topicPrefix(String v) {
      catalog.topicPrefix(v);
      return this;
    }

    /**
     * See {@link CatalogSettings.Builder#catalogTopic}.
     *
     * @param v the catalog topic's name
     * @return this builder
     */
    public Builder catalogTopic(String v) {
      catalog.catalogTopic(v);
      return this;
    }

    /**
     * See {@link CatalogSettings.Builder#region}.
     *
     * @param v the region stream ARNs name
     * @return this builder
     */
    public Builder region(String v) {
      catalog.region(v);
      return this;
    }

    /**
     * See {@link CatalogSettings.Builder#accountId}.
     *
     * @param v the account stream ARNs name, 12 digits
     * @return this builder
     */
    public Builder accountId(String v) {
      catalog.accountId(v);
      return this;
    }

    /**
     * The replication factor of every topic the engine creates; -1 for the broker default.
     *
     * @param v the factor, or -1; not checked until the engine creates a topic
     * @return this builder
     */
    public Builder replicationFactor(int v) {
      catalog.replicationFactor(v);
      return this;
    }

    /**
     * Per-shard throughput limits; default Kinesis's.
     *
     * @param v the limits; not null
     * @return this builder
     */
    public Builder shardLimits(ShardLimits v) {
      shardLimits = v;
      return this;
    }

    /**
     * Greater than zero; default 1000.
     *
     * @param v the most open shards over all streams
     * @return this builder
     */
    public Builder shardLimit(int v) {
      shardLimit = v;
      return this;
    }

    /**
     * Greater than zero; default 5.
     *
     * @param v how many streams may be CREATING at once
     * @return this builder
     */
    public Builder maxStreamsCreating(int v) {
      maxStreamsCreating = v;
      return this;
    }

    /**
     * Greater than zero; default 10.
     *
     * @param v how many UpdateShardCount calls a stream may have in 24 hours
     * @return this builder
     */
    public Builder maxScalingsPerDay(int v) {
      maxScalingsPerDay = v;
      return this;
    }

    /**
     * Greater than zero; default 50.
     *
     * @param v the most ON_DEMAND streams
     * @return this builder
     */
    public Builder onDemandStreamLimit(int v) {
      onDemandStreamLimit = v;
      return this;
    }

    /**
     * See {@link CatalogSettings.Builder#catalogFreshness}.
     *
     * @param v how stale a catalog view may be and still route records
     * @return this builder
     */
    public Builder catalogFreshness(Duration v) {
      catalog.catalogFreshness(v);
      return this;
    }

    /**
     * See {@link CatalogSettings.Builder#fastAckBound}.
     *
     * @param v how long after routing an acknowledgement needs no re-check
     * @return this builder
     */
    public Builder fastAckBound(Duration v) {
      catalog.fastAckBound(v);
      return this;
    }

    /**
     * Zero or more; default 500 ms.
     *
     * @param v what a freeze window adds to the freshness and fast-ack bounds
     * @return this builder
     */
    public Builder freezeMargin(Duration v) {
      freezeMargin = v;
      return this;
    }

    /**
     * Greater than zero; default 5 minutes.
     *
     * @param v how long a shard iterator is valid
     * @return this builder
     */
    public Builder iteratorTtl(Duration v) {
      iteratorTtl = v;
      return this;
    }

    /**
     * See {@link CatalogSettings.Builder#requestTimeout}.
     *
     * @param v how long a blocking call may wait on Kafka
     * @return this builder
     */
    public Builder requestTimeout(Duration v) {
      catalog.requestTimeout(v);
      return this;
    }

    /**
     * Greater than zero; default 500 ms.
     *
     * @param v how long GetRecords waits for a record before answering empty
     * @return this builder
     */
    public Builder getRecordsMaxWait(Duration v) {
      getRecordsMaxWait = v;
      return this;
    }

    /**
     * Greater than zero; default 64.
     *
     * @param v how many Kafka consumers GetRecords may hold at once
     * @return this builder
     */
    public Builder readerPoolSize(int v) {
      readerPoolSize = v;
      return this;
    }

    /**
     * How many threads read for all SubscribeToShard subscriptions, each with one Kafka consumer
     * that fetches every shard its subscriptions read; 2 by default. Subscriptions cost no thread
     * of their own, so this bounds the threads and consumers whatever their number.
     *
     * @param v at least 1
     * @return this builder
     */
    public Builder subscriptionReaders(int v) {
      subscriptionReaders = v;
      return this;
    }

    /**
     * Where per-stream CloudWatch-style figures go; none by default.
     *
     * @param v the receiver, called on the engine's threads; not null
     * @return this builder
     */
    public Builder streamMetrics(StreamMetrics v) {
      streamMetrics = v;
      return this;
    }

    /**
     * The engine's time; default the system UTC clock.
     *
     * @param v the clock for creation times, iterator expiry and limits; not null
     * @return this builder
     */
    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    /**
     * Checks every setting and makes the configuration.
     *
     * @return the configuration; the builder may go on to make others
     * @throws IllegalArgumentException naming every invalid setting
     * @throws NullPointerException if shard limits, stream metrics or clock were set to null
     */
    public EngineConfig build() {
      List<String> problems = new ArrayList<>(catalog.problems());
      positive(problems, "shardLimit", shardLimit);
      positive(problems, "maxStreamsCreating", maxStreamsCreating);
      positive(problems, "maxScalingsPerDay", maxScalingsPerDay);
      positive(problems, "onDemandStreamLimit", onDemandStreamLimit);
      positive(problems, "readerPoolSize", readerPoolSize);
      positive(problems, "subscriptionReaders", subscriptionReaders);
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
          subscriptionReaders,
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
