package io.kinesisonkafka.adapter;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

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
 */
public record EngineConfig(
    Map<String, Object> kafkaProperties,
    String topicPrefix,
    String catalogTopic,
    String region,
    String accountId,
    short replicationFactor,
    ShardLimits shardLimits,
    int shardLimit,
    int maxStreamsCreating,
    int maxScalingsPerDay,
    int onDemandStreamLimit,
    Duration catalogFreshness,
    Duration fastAckBound,
    Duration freezeMargin,
    Duration iteratorTtl,
    Duration requestTimeout,
    Duration getRecordsMaxWait,
    int readerPoolSize,
    StreamMetrics streamMetrics,
    Clock clock) {

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

  public EngineConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  public static Builder custom() {
    return new Builder();
  }

  /** Defaults against these bootstrap servers. */
  public static EngineConfig ofBootstrap(String bootstrapServers) {
    return custom().bootstrapServers(bootstrapServers).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** How long a reshard keeps its parents frozen before fixing their end offsets. */
  public Duration freezeWindow() {
    return catalogFreshness.plus(fastAckBound).plus(freezeMargin);
  }

  public String streamArn(String streamName) {
    return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + streamName;
  }

  /** Builder in resilience4j's shape: {@code EngineConfig.custom()...build()}. */
  public static final class Builder {
    private final Map<String, Object> kafkaProperties = new HashMap<>();
    private String topicPrefix = "kinesis.";
    private String catalogTopic = "__kinesis_catalog";
    private String region = "us-east-1";
    private String accountId = "000000000000";
    private short replicationFactor = -1;
    private ShardLimits shardLimits = ShardLimits.kinesisDefaults();
    private int shardLimit = 1000;
    private int maxStreamsCreating = 5;
    private int maxScalingsPerDay = 10;
    private int onDemandStreamLimit = 50;
    private Duration catalogFreshness = Duration.ofSeconds(1);
    private Duration fastAckBound = Duration.ofSeconds(2);
    private Duration freezeMargin = Duration.ofMillis(500);
    private Duration iteratorTtl = Duration.ofMinutes(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration getRecordsMaxWait = Duration.ofMillis(500);
    private int readerPoolSize = 64;
    private StreamMetrics streamMetrics = StreamMetrics.NONE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    private Builder(EngineConfig c) {
      kafkaProperties.putAll(c.kafkaProperties);
      topicPrefix = c.topicPrefix;
      catalogTopic = c.catalogTopic;
      region = c.region;
      accountId = c.accountId;
      replicationFactor = c.replicationFactor;
      shardLimits = c.shardLimits;
      shardLimit = c.shardLimit;
      maxStreamsCreating = c.maxStreamsCreating;
      maxScalingsPerDay = c.maxScalingsPerDay;
      onDemandStreamLimit = c.onDemandStreamLimit;
      catalogFreshness = c.catalogFreshness;
      fastAckBound = c.fastAckBound;
      freezeMargin = c.freezeMargin;
      iteratorTtl = c.iteratorTtl;
      requestTimeout = c.requestTimeout;
      getRecordsMaxWait = c.getRecordsMaxWait;
      readerPoolSize = c.readerPoolSize;
      streamMetrics = c.streamMetrics;
      clock = c.clock;
    }

    public Builder bootstrapServers(String servers) {
      kafkaProperties.put("bootstrap.servers", servers);
      return this;
    }

    /** Any Kafka client property (SASL, TLS, ...), passed to every client the engine makes. */
    public Builder kafkaProperty(String name, Object value) {
      kafkaProperties.put(name, value);
      return this;
    }

    public Builder kafkaProperties(Map<String, ?> properties) {
      kafkaProperties.putAll(properties);
      return this;
    }

    public Builder topicPrefix(String v) {
      topicPrefix = v;
      return this;
    }

    public Builder catalogTopic(String v) {
      catalogTopic = v;
      return this;
    }

    public Builder region(String v) {
      region = v;
      return this;
    }

    public Builder accountId(String v) {
      accountId = v;
      return this;
    }

    public Builder replicationFactor(int v) {
      replicationFactor = (short) v;
      return this;
    }

    public Builder shardLimits(ShardLimits v) {
      shardLimits = v;
      return this;
    }

    public Builder shardLimit(int v) {
      shardLimit = v;
      return this;
    }

    public Builder maxStreamsCreating(int v) {
      maxStreamsCreating = v;
      return this;
    }

    public Builder maxScalingsPerDay(int v) {
      maxScalingsPerDay = v;
      return this;
    }

    public Builder onDemandStreamLimit(int v) {
      onDemandStreamLimit = v;
      return this;
    }

    public Builder catalogFreshness(Duration v) {
      catalogFreshness = v;
      return this;
    }

    public Builder fastAckBound(Duration v) {
      fastAckBound = v;
      return this;
    }

    public Builder freezeMargin(Duration v) {
      freezeMargin = v;
      return this;
    }

    public Builder iteratorTtl(Duration v) {
      iteratorTtl = v;
      return this;
    }

    public Builder requestTimeout(Duration v) {
      requestTimeout = v;
      return this;
    }

    public Builder getRecordsMaxWait(Duration v) {
      getRecordsMaxWait = v;
      return this;
    }

    public Builder readerPoolSize(int v) {
      readerPoolSize = v;
      return this;
    }

    /** Where per-stream CloudWatch-style figures go; none by default. */
    public Builder streamMetrics(StreamMetrics v) {
      streamMetrics = v;
      return this;
    }

    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    public EngineConfig build() {
      List<String> problems = new ArrayList<>();
      if (!kafkaProperties.containsKey("bootstrap.servers")) {
        problems.add("bootstrap.servers must be set");
      }
      if (topicPrefix == null) {
        problems.add("topicPrefix must not be null");
      }
      if (catalogTopic == null || catalogTopic.isBlank()) {
        problems.add("catalogTopic must not be blank, but was '" + catalogTopic + "'");
      }
      if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
        problems.add("accountId must be 12 digits, but was " + accountId);
      }
      if (region == null || region.isBlank()) {
        problems.add("region must not be blank");
      }
      positive(problems, "shardLimit", shardLimit);
      positive(problems, "maxStreamsCreating", maxStreamsCreating);
      positive(problems, "maxScalingsPerDay", maxScalingsPerDay);
      positive(problems, "onDemandStreamLimit", onDemandStreamLimit);
      positive(problems, "readerPoolSize", readerPoolSize);
      positive(problems, "catalogFreshness", catalogFreshness);
      positive(problems, "fastAckBound", fastAckBound);
      positive(problems, "iteratorTtl", iteratorTtl);
      positive(problems, "requestTimeout", requestTimeout);
      positive(problems, "getRecordsMaxWait", getRecordsMaxWait);
      if (freezeMargin == null || freezeMargin.isNegative()) {
        problems.add("freezeMargin must be >= 0, but was " + freezeMargin);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Invalid engine configuration: " + problems);
      }
      return new EngineConfig(
          kafkaProperties,
          topicPrefix,
          catalogTopic,
          region,
          accountId,
          replicationFactor,
          Objects.requireNonNull(shardLimits, "shardLimits"),
          shardLimit,
          maxStreamsCreating,
          maxScalingsPerDay,
          onDemandStreamLimit,
          catalogFreshness,
          fastAckBound,
          freezeMargin,
          iteratorTtl,
          requestTimeout,
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
