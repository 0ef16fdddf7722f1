package io.kinesisonkafka.producer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Immutable configuration of a {@link KinesisProducer}, with the KPL's settings under the KPL's
 * names and defaults where they mean something on Kafka. Build with {@link #custom()}, or read a
 * KPL-style properties file with {@link #fromProperties(Properties)}; {@code build()} reports every
 * invalid setting at once.
 *
 * <p>KPL settings and what they become here:
 *
 * <ul>
 *   <li>{@code RecordMaxBufferedTime} (100 ms): how long a user record may wait for others to share
 *       its aggregate; without aggregation, Kafka's {@code linger.ms}.
 *   <li>{@code AggregationEnabled} (true), {@code AggregationMaxCount} (unbounded), {@code
 *       AggregationMaxSize} (51200 bytes): KPL aggregation, one aggregate per shard at a time.
 *   <li>{@code CollectionMaxCount} (500), {@code CollectionMaxSize} (5 MiB): the KPL's PutRecords
 *       batch. On Kafka a produce request carries batches for many partitions, so {@code
 *       CollectionMaxSize} becomes {@code max.request.size}; {@code CollectionMaxCount} has no
 *       Kafka equivalent and is only validated.
 *   <li>{@code RateLimit} (150): percent of the shard limit ({@code shardRecordsPerSecond}, {@code
 *       shardBytesPerSecond}, Kinesis' 1000 records and 1 MiB per second by default) this producer
 *       puts into one shard, counted in Kafka records (an aggregate is one).
 *   <li>{@code RecordTtl} (30 s): a user record not acknowledged by then fails, with its attempts.
 *   <li>{@code FailIfThrottled} (false): fail a record the rate limit holds back instead of
 *       retrying it.
 *   <li>{@code MaxConnections} (24): the most Kafka producers, each with its own connection to
 *       every broker, that the shards' partitions are spread over (a partition always uses the same
 *       one). A broker serves one request of a connection at a time, so more connections let it
 *       append for several at once, as the KPL's parallel HTTP connections do. They open on first
 *       use: a stream of four shards opens at most four.
 *   <li>Not taken: {@code Region}, {@code KinesisEndpoint}, {@code KinesisPort}, credentials,
 *       {@code VerifyCertificate}, {@code MetricsNamespace}, {@code ThreadingModel}, {@code
 *       RequestTimeout} (see {@code deliveryTimeout} of Kafka instead): they describe the KPL's
 *       HTTP client and its native process.
 * </ul>
 *
 * <p>Settings the KPL lacks: {@code maxOutstandingBytes} with {@code whenFull} (back-pressure
 * instead of unbounded memory), the retry back-off, and the catalog bounds ({@code
 * catalogFreshness}, {@code fastAckBound}), which must match those of the servers that reshard (the
 * defaults do).
 */
public record KinesisProducerConfig(
    Map<String, Object> kafkaProperties,
    String topicPrefix,
    String catalogTopic,
    Duration recordMaxBufferedTime,
    boolean aggregationEnabled,
    int aggregationMaxCount,
    int aggregationMaxSize,
    int collectionMaxCount,
    int collectionMaxSize,
    long rateLimit,
    long shardRecordsPerSecond,
    long shardBytesPerSecond,
    Duration recordTtl,
    boolean failIfThrottled,
    int maxConnections,
    long maxOutstandingBytes,
    WhenFull whenFull,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration catalogFreshness,
    Duration fastAckBound) {

  /** What {@code addUserRecord} does when {@code maxOutstandingBytes} are outstanding. */
  public enum WhenFull {
    /** Wait for room, up to {@code recordTtl}; then fail the record. */
    BLOCK,
    /** Fail the record at once (its attempt says {@code BufferFull}). */
    FAIL
  }

  public KinesisProducerConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  public static Builder custom() {
    return new Builder();
  }

  /** Defaults against these bootstrap servers. */
  public static KinesisProducerConfig ofBootstrap(String bootstrapServers) {
    return custom().bootstrapServers(bootstrapServers).build();
  }

  /** A builder holding this configuration, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Reads a KPL-style properties file: the KPL's names ({@code RecordMaxBufferedTime} in
   * milliseconds, {@code AggregationEnabled}, {@code RateLimit}, ...), this library's own settings
   * under the same names as the builder's methods ({@code maxOutstandingBytes}, {@code whenFull},
   * {@code topicPrefix}, ...), and any Kafka client property prefixed with {@code kafka.} ({@code
   * kafka.bootstrap.servers}). Names the KPL has but that mean nothing here are ignored; unknown
   * names are errors.
   *
   * @throws IllegalArgumentException naming every unknown or invalid setting
   */
  public static KinesisProducerConfig fromProperties(Properties properties) {
    return KplProperties.read(properties, custom());
  }

  /** Builder in resilience4j's shape; {@link #build()} reports every problem at once. */
  public static final class Builder {
    private final Map<String, Object> kafkaProperties = new HashMap<>();
    private String topicPrefix = "kinesis.";
    private String catalogTopic = "__kinesis_catalog";
    private Duration recordMaxBufferedTime = Duration.ofMillis(100);
    private boolean aggregationEnabled = true;
    private int aggregationMaxCount = Integer.MAX_VALUE;
    private int aggregationMaxSize = 51_200;
    private int collectionMaxCount = 500;
    private int collectionMaxSize = 5 * 1024 * 1024;
    private long rateLimit = 150;
    private long shardRecordsPerSecond = 1000;
    private long shardBytesPerSecond = 1024 * 1024;
    private Duration recordTtl = Duration.ofSeconds(30);
    private boolean failIfThrottled = false;
    private int maxConnections = 24;
    private long maxOutstandingBytes = 32L * 1024 * 1024;
    private WhenFull whenFull = WhenFull.BLOCK;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private Duration catalogFreshness = Duration.ofSeconds(1);
    private Duration fastAckBound = Duration.ofSeconds(2);

    Builder() {}

    Builder(KinesisProducerConfig c) {
      kafkaProperties.putAll(c.kafkaProperties);
      topicPrefix = c.topicPrefix;
      catalogTopic = c.catalogTopic;
      recordMaxBufferedTime = c.recordMaxBufferedTime;
      aggregationEnabled = c.aggregationEnabled;
      aggregationMaxCount = c.aggregationMaxCount;
      aggregationMaxSize = c.aggregationMaxSize;
      collectionMaxCount = c.collectionMaxCount;
      collectionMaxSize = c.collectionMaxSize;
      rateLimit = c.rateLimit;
      shardRecordsPerSecond = c.shardRecordsPerSecond;
      shardBytesPerSecond = c.shardBytesPerSecond;
      recordTtl = c.recordTtl;
      failIfThrottled = c.failIfThrottled;
      maxConnections = c.maxConnections;
      maxOutstandingBytes = c.maxOutstandingBytes;
      whenFull = c.whenFull;
      initialBackoff = c.initialBackoff;
      maxBackoff = c.maxBackoff;
      catalogFreshness = c.catalogFreshness;
      fastAckBound = c.fastAckBound;
    }

    public Builder bootstrapServers(String servers) {
      return kafkaProperty("bootstrap.servers", servers);
    }

    /**
     * Any Kafka client property (SASL, TLS, ...); the producer's guarantees are not overridable.
     */
    public Builder kafkaProperty(String name, Object value) {
      kafkaProperties.put(name, value);
      return this;
    }

    public Builder kafkaProperties(Map<String, ?> properties) {
      kafkaProperties.putAll(properties);
      return this;
    }

    /** The prefix of streams' topics; the servers' {@code --topic-prefix}. */
    public Builder topicPrefix(String v) {
      topicPrefix = v;
      return this;
    }

    /** The catalog topic; the servers' {@code --catalog-topic}. */
    public Builder catalogTopic(String v) {
      catalogTopic = v;
      return this;
    }

    public Builder recordMaxBufferedTime(Duration v) {
      recordMaxBufferedTime = v;
      return this;
    }

    public Builder aggregationEnabled(boolean v) {
      aggregationEnabled = v;
      return this;
    }

    public Builder aggregationMaxCount(int v) {
      aggregationMaxCount = v;
      return this;
    }

    public Builder aggregationMaxSize(int v) {
      aggregationMaxSize = v;
      return this;
    }

    public Builder collectionMaxCount(int v) {
      collectionMaxCount = v;
      return this;
    }

    public Builder collectionMaxSize(int v) {
      collectionMaxSize = v;
      return this;
    }

    /** Percent of the shard limit this producer puts into one shard; the KPL's default is 150. */
    public Builder rateLimit(long percent) {
      rateLimit = percent;
      return this;
    }

    /** The shard limit {@code rateLimit} is a percentage of, in records/s; 0 = no limit. */
    public Builder shardRecordsPerSecond(long v) {
      shardRecordsPerSecond = v;
      return this;
    }

    /** The shard limit {@code rateLimit} is a percentage of, in bytes/s; 0 = no limit. */
    public Builder shardBytesPerSecond(long v) {
      shardBytesPerSecond = v;
      return this;
    }

    /** No per-shard rate limit at all: Kafka's own quotas are what hold the producer back. */
    public Builder noRateLimit() {
      shardRecordsPerSecond = 0;
      shardBytesPerSecond = 0;
      return this;
    }

    public Builder recordTtl(Duration v) {
      recordTtl = v;
      return this;
    }

    public Builder failIfThrottled(boolean v) {
      failIfThrottled = v;
      return this;
    }

    /**
     * The most Kafka producers (connections to each broker) the shards are spread over, 1 to 256;
     * 24 by default, as the KPL. Each open one has its own I/O thread and idempotent producer id.
     */
    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    /**
     * The most bytes of user records accepted and not yet acknowledged or failed; 32 MiB by
     * default, as Kafka's {@code buffer.memory}. A deeper queue adds latency, not throughput: at
     * 200 MB/s the default already holds 160 ms of records, and every record held longer is work
     * for the garbage collector.
     */
    public Builder maxOutstandingBytes(long v) {
      maxOutstandingBytes = v;
      return this;
    }

    public Builder whenFull(WhenFull v) {
      whenFull = v;
      return this;
    }

    /** First retry delay; each further one doubles, with ±50 % jitter, up to {@code maxBackoff}. */
    public Builder initialBackoff(Duration v) {
      initialBackoff = v;
      return this;
    }

    public Builder maxBackoff(Duration v) {
      maxBackoff = v;
      return this;
    }

    /** Must equal the servers' {@code --catalog-freshness} (resharding bound). */
    public Builder catalogFreshness(Duration v) {
      catalogFreshness = v;
      return this;
    }

    /** Must equal the servers' {@code --fast-ack-bound} (resharding bound). */
    public Builder fastAckBound(Duration v) {
      fastAckBound = v;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming every invalid setting
     */
    public KinesisProducerConfig build() {
      ConfigProblems problems = new ConfigProblems();
      if (kafkaProperties.get("bootstrap.servers") == null) {
        problems.add("bootstrap.servers must be set");
      }
      if (kafkaProperties.get("transactional.id") != null) {
        problems.add(
            "transactional.id must not be set: producer-lib's KafkaProducers are idempotent, not"
                + " transactional, and each of its MaxConnections producers would share it");
      }
      if (topicPrefix == null) {
        problems.add("topicPrefix must not be null");
      }
      if (catalogTopic == null || catalogTopic.isBlank()) {
        problems.add("catalogTopic must not be blank, but was " + catalogTopic);
      }
      problems.between("recordMaxBufferedTime", recordMaxBufferedTime, 1, 600_000);
      problems.atLeast("aggregationMaxCount", aggregationMaxCount, 1);
      problems.between("aggregationMaxSize", aggregationMaxSize, 64, 1 << 20);
      problems.between("collectionMaxCount", collectionMaxCount, 1, 500);
      problems.between("collectionMaxSize", collectionMaxSize, 52_224, Integer.MAX_VALUE);
      problems.atLeast("rateLimit", rateLimit, 1);
      problems.atLeast("shardRecordsPerSecond", shardRecordsPerSecond, 0);
      problems.atLeast("shardBytesPerSecond", shardBytesPerSecond, 0);
      problems.between("recordTtl", recordTtl, 100, Long.MAX_VALUE);
      problems.between("maxConnections", maxConnections, 1, 256);
      problems.atLeast("maxOutstandingBytes", maxOutstandingBytes, 1);
      if (whenFull == null) {
        problems.add("whenFull must not be null");
      }
      problems.between("initialBackoff", initialBackoff, 1, Long.MAX_VALUE);
      problems.between("maxBackoff", maxBackoff, 1, Long.MAX_VALUE);
      if (initialBackoff != null
          && maxBackoff != null
          && maxBackoff.compareTo(initialBackoff) < 0) {
        problems.add(
            "maxBackoff must be >= initialBackoff, but was " + ConfigProblems.ms(maxBackoff));
      }
      problems.between("catalogFreshness", catalogFreshness, 1, Long.MAX_VALUE);
      problems.between("fastAckBound", fastAckBound, 1, Long.MAX_VALUE);
      problems.throwIfAny();
      return new KinesisProducerConfig(
          kafkaProperties,
          topicPrefix,
          catalogTopic,
          recordMaxBufferedTime,
          aggregationEnabled,
          aggregationMaxCount,
          aggregationMaxSize,
          collectionMaxCount,
          collectionMaxSize,
          rateLimit,
          shardRecordsPerSecond,
          shardBytesPerSecond,
          recordTtl,
          failIfThrottled,
          maxConnections,
          maxOutstandingBytes,
          whenFull,
          initialBackoff,
          maxBackoff,
          catalogFreshness,
          fastAckBound);
    }
  }
}
