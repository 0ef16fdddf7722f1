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
 *
 * <p>Use the builder: the canonical constructor only copies {@code kafkaProperties} and checks
 * nothing else. An instance is immutable and may be shared by any number of producers and threads.
 *
 * @param kafkaProperties Kafka client properties for the producer's Kafka producers and catalog
 *     reader ({@code bootstrap.servers} is required); copied, so no null keys or values
 * @param topicPrefix the prefix of streams' topics, the servers' {@code --topic-prefix}; default
 *     {@code kinesis.}
 * @param catalogTopic the catalog topic, the servers' {@code --catalog-topic}; default {@code
 *     __kinesis_catalog}
 * @param recordMaxBufferedTime the KPL's {@code RecordMaxBufferedTime}: how long a user record may
 *     wait to share an aggregate (without aggregation, Kafka's {@code linger.ms}); 1 ms to 10
 *     minutes, default 100 ms
 * @param aggregationEnabled the KPL's {@code AggregationEnabled}: pack user records into KPL
 *     aggregates; default true
 * @param aggregationMaxCount the KPL's {@code AggregationMaxCount}: the most user records in one
 *     aggregate; at least 1, default unbounded ({@link Integer#MAX_VALUE})
 * @param aggregationMaxSize the KPL's {@code AggregationMaxSize}: the largest aggregate in bytes;
 *     64 to 1048576, default 51200; a larger user record goes alone
 * @param collectionMaxCount the KPL's {@code CollectionMaxCount}; 1 to 500, default 500; only
 *     validated
 * @param collectionMaxSize the KPL's {@code CollectionMaxSize} in bytes, Kafka's {@code
 *     max.request.size} here; at least 52224, default 5 MiB
 * @param rateLimit the KPL's {@code RateLimit}: percent of the shard limit this producer puts into
 *     one shard; at least 1, default 150
 * @param shardRecordsPerSecond the shard's record limit {@code rateLimit} is a percentage of, in
 *     Kafka records per second; 0 for none, default 1000
 * @param shardBytesPerSecond the shard's byte limit {@code rateLimit} is a percentage of, in bytes
 *     per second; 0 for none, default 1 MiB
 * @param recordTtl the KPL's {@code RecordTtl}: a user record not put by then fails ({@code
 *     Expired}); at least 100 ms, default 30 s
 * @param failIfThrottled the KPL's {@code FailIfThrottled}: fail a record the rate limit holds back
 *     instead of retrying it; default false
 * @param maxConnections the KPL's {@code MaxConnections}: the most Kafka producers the shards are
 *     spread over; 1 to 256, default 24
 * @param maxOutstandingBytes the most bytes of user records accepted and not yet acknowledged or
 *     failed; at least 1, default 32 MiB
 * @param whenFull what {@code addUserRecord} does at {@code maxOutstandingBytes}; default {@link
 *     WhenFull#BLOCK}
 * @param initialBackoff the first retry delay; at least 1 ms, default 100 ms
 * @param maxBackoff the longest retry delay; at least {@code initialBackoff}, default 5 s
 * @param catalogFreshness how stale the catalog view may be when a record is routed; must equal the
 *     servers' {@code --catalog-freshness}; at least 1 ms, default 1 s
 * @param fastAckBound how late an acknowledgement may come before the record's shard is checked
 *     again; must equal the servers' {@code --fast-ack-bound}; at least 1 ms, default 2 s
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

  /**
   * Makes a configuration from its values as given, without validation: prefer {@link #custom()}.
   *
   * @param kafkaProperties Kafka client properties; copied
   * @param topicPrefix the prefix of streams' topics
   * @param catalogTopic the catalog topic
   * @param recordMaxBufferedTime the KPL's {@code RecordMaxBufferedTime}
   * @param aggregationEnabled the KPL's {@code AggregationEnabled}
   * @param aggregationMaxCount the KPL's {@code AggregationMaxCount}
   * @param aggregationMaxSize the KPL's {@code AggregationMaxSize}, in bytes
   * @param collectionMaxCount the KPL's {@code CollectionMaxCount}
   * @param collectionMaxSize the KPL's {@code CollectionMaxSize}, in bytes
   * @param rateLimit the KPL's {@code RateLimit}, in percent
   * @param shardRecordsPerSecond the shard's record limit, per second; 0 for none
   * @param shardBytesPerSecond the shard's byte limit, per second; 0 for none
   * @param recordTtl the KPL's {@code RecordTtl}
   * @param failIfThrottled the KPL's {@code FailIfThrottled}
   * @param maxConnections the KPL's {@code MaxConnections}
   * @param maxOutstandingBytes the back-pressure bound, in bytes
   * @param whenFull what {@code addUserRecord} does at the bound
   * @param initialBackoff the first retry delay
   * @param maxBackoff the longest retry delay
   * @param catalogFreshness the servers' {@code --catalog-freshness}
   * @param fastAckBound the servers' {@code --fast-ack-bound}
   * @throws NullPointerException if {@code kafkaProperties} is null or holds a null key or value
   */
  public KinesisProducerConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /**
   * A builder holding the defaults; {@code bootstrap.servers} must still be set.
   *
   * @return a new builder
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Defaults against these bootstrap servers.
   *
   * @param bootstrapServers Kafka's {@code bootstrap.servers}, e.g. {@code localhost:9092}
   * @return the configuration
   * @throws IllegalArgumentException if {@code bootstrapServers} is null
   */
  public static KinesisProducerConfig ofBootstrap(String bootstrapServers) {
    return custom().bootstrapServers(bootstrapServers).build();
  }

  /**
   * A builder holding this configuration, to change some of it.
   *
   * @return a new builder; changing it leaves this configuration as it is
   */
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
   * @param properties the settings, e.g. loaded from a KPL {@code default_config.properties}
   * @return the configuration, validated as {@link Builder#build()} does
   * @throws IllegalArgumentException naming every unknown or invalid setting
   */
  public static KinesisProducerConfig fromProperties(Properties properties) {
    return KplProperties.read(properties, custom());
  }

  /**
   * Builder in resilience4j's shape; {@link #build()} reports every problem at once. The setters
   * only record values (each setting's range is in the {@linkplain KinesisProducerConfig record's
   * description}); nothing is checked before {@code build()}. Not thread-safe.
   */
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

    /**
     * Kafka's {@code bootstrap.servers}; required.
     *
     * @param servers e.g. {@code broker-1:9092,broker-2:9092}
     * @return this builder
     */
    public Builder bootstrapServers(String servers) {
      return kafkaProperty("bootstrap.servers", servers);
    }

    /**
     * Any Kafka client property (SASL, TLS, ...); the producer's guarantees are not overridable
     * ({@code acks}, idempotence and in-flight requests are always the producer's own, and {@code
     * transactional.id} is refused by {@code build()}).
     *
     * @param name the Kafka property's name
     * @param value its value
     * @return this builder
     */
    public Builder kafkaProperty(String name, Object value) {
      kafkaProperties.put(name, value);
      return this;
    }

    /**
     * Several Kafka client properties, as {@link #kafkaProperty} each.
     *
     * @param properties Kafka property names to values
     * @return this builder
     */
    public Builder kafkaProperties(Map<String, ?> properties) {
      kafkaProperties.putAll(properties);
      return this;
    }

    /**
     * The prefix of streams' topics; the servers' {@code --topic-prefix}. Default {@code kinesis.}.
     *
     * @param v the prefix, possibly empty
     * @return this builder
     */
    public Builder topicPrefix(String v) {
      topicPrefix = v;
      return this;
    }

    /**
     * The catalog topic; the servers' {@code --catalog-topic}. Default {@code __kinesis_catalog}.
     *
     * @param v the topic's name
     * @return this builder
     */
    public Builder catalogTopic(String v) {
      catalogTopic = v;
      return this;
    }

    /**
     * The KPL's {@code RecordMaxBufferedTime}: how long a user record may wait for others to share
     * its aggregate; without aggregation, Kafka's {@code linger.ms}. 1 ms to 10 minutes; default
     * 100 ms.
     *
     * @param v the longest wait
     * @return this builder
     */
    public Builder recordMaxBufferedTime(Duration v) {
      recordMaxBufferedTime = v;
      return this;
    }

    /**
     * The KPL's {@code AggregationEnabled}: pack user records into KPL aggregates, one per shard at
     * a time. Default true.
     *
     * @param v whether to aggregate
     * @return this builder
     */
    public Builder aggregationEnabled(boolean v) {
      aggregationEnabled = v;
      return this;
    }

    /**
     * The KPL's {@code AggregationMaxCount}: the most user records in one aggregate. At least 1;
     * default unbounded.
     *
     * @param v the most user records per aggregate
     * @return this builder
     */
    public Builder aggregationMaxCount(int v) {
      aggregationMaxCount = v;
      return this;
    }

    /**
     * The KPL's {@code AggregationMaxSize}: the largest aggregate, in bytes; a larger user record
     * goes alone. 64 to 1048576; default 51200.
     *
     * @param v the largest aggregate, in bytes
     * @return this builder
     */
    public Builder aggregationMaxSize(int v) {
      aggregationMaxSize = v;
      return this;
    }

    /**
     * The KPL's {@code CollectionMaxCount}, 1 to 500, default 500: validated only, as Kafka has no
     * equivalent.
     *
     * @param v the KPL setting
     * @return this builder
     */
    public Builder collectionMaxCount(int v) {
      collectionMaxCount = v;
      return this;
    }

    /**
     * The KPL's {@code CollectionMaxSize}, which becomes Kafka's {@code max.request.size}. At least
     * 52224 bytes; default 5 MiB.
     *
     * @param v the largest produce request, in bytes
     * @return this builder
     */
    public Builder collectionMaxSize(int v) {
      collectionMaxSize = v;
      return this;
    }

    /**
     * The KPL's {@code RateLimit}: percent of the shard limit ({@link #shardRecordsPerSecond},
     * {@link #shardBytesPerSecond}) this producer puts into one shard. At least 1; default 150, the
     * KPL's.
     *
     * @param percent the percentage
     * @return this builder
     */
    public Builder rateLimit(long percent) {
      rateLimit = percent;
      return this;
    }

    /**
     * The shard limit {@code rateLimit} is a percentage of, in Kafka records per second (an
     * aggregate counts as one); 0 means no record limit. Default 1000, Kinesis' limit.
     *
     * @param v records per second, at least 0
     * @return this builder
     */
    public Builder shardRecordsPerSecond(long v) {
      shardRecordsPerSecond = v;
      return this;
    }

    /**
     * The shard limit {@code rateLimit} is a percentage of, in bytes per second; 0 means no byte
     * limit. Default 1 MiB, Kinesis' limit.
     *
     * @param v bytes per second, at least 0
     * @return this builder
     */
    public Builder shardBytesPerSecond(long v) {
      shardBytesPerSecond = v;
      return this;
    }

    /**
     * No per-shard rate limit at all: Kafka's own quotas are what hold the producer back. Sets both
     * shard limits to 0.
     *
     * @return this builder
     */
    public Builder noRateLimit() {
      shardRecordsPerSecond = 0;
      shardBytesPerSecond = 0;
      return this;
    }

    /**
     * The KPL's {@code RecordTtl}: a user record not put by then fails ({@code Expired}) with its
     * attempts. At least 100 ms; default 30 s. Also how long {@link WhenFull#BLOCK} waits for room.
     *
     * @param v the longest a record may take
     * @return this builder
     */
    public Builder recordTtl(Duration v) {
      recordTtl = v;
      return this;
    }

    /**
     * The KPL's {@code FailIfThrottled}: fail a record the rate limit holds back ({@code
     * Throttled}) instead of retrying it. Default false.
     *
     * @param v whether to fail throttled records
     * @return this builder
     */
    public Builder failIfThrottled(boolean v) {
      failIfThrottled = v;
      return this;
    }

    /**
     * The most Kafka producers (connections to each broker) the shards are spread over, 1 to 256;
     * 24 by default, as the KPL. Each open one has its own I/O thread and idempotent producer id.
     *
     * @param v the most Kafka producers
     * @return this builder
     */
    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    /**
     * The most bytes of user records accepted and not yet acknowledged or failed; 32 MiB by
     * default, as Kafka's {@code buffer.memory}. A deeper queue adds latency, not throughput: at
     * 200 MB/s the default already holds 160 ms of records, and every record held longer is work
     * for the garbage collector. Each record counts its data and UTF-8 partition key plus a fixed
     * overhead. At least 1.
     *
     * @param v the bound, in bytes
     * @return this builder
     */
    public Builder maxOutstandingBytes(long v) {
      maxOutstandingBytes = v;
      return this;
    }

    /**
     * What {@code addUserRecord} does when {@code maxOutstandingBytes} are outstanding. Default
     * {@link WhenFull#BLOCK}.
     *
     * @param v block or fail
     * @return this builder
     */
    public Builder whenFull(WhenFull v) {
      whenFull = v;
      return this;
    }

    /**
     * First retry delay; each further one doubles, with ±50 % jitter, up to {@code maxBackoff}. At
     * least 1 ms; default 100 ms.
     *
     * @param v the first delay
     * @return this builder
     */
    public Builder initialBackoff(Duration v) {
      initialBackoff = v;
      return this;
    }

    /**
     * The longest retry delay. At least {@code initialBackoff}; default 5 s.
     *
     * @param v the longest delay
     * @return this builder
     */
    public Builder maxBackoff(Duration v) {
      maxBackoff = v;
      return this;
    }

    /**
     * How stale the catalog view may be when a record is routed. Must equal the servers' {@code
     * --catalog-freshness} (a resharding bound); default 1 s, as theirs.
     *
     * @param v the bound, at least 1 ms
     * @return this builder
     */
    public Builder catalogFreshness(Duration v) {
      catalogFreshness = v;
      return this;
    }

    /**
     * How late an acknowledgement may come before the record's shard is checked again. Must equal
     * the servers' {@code --fast-ack-bound} (a resharding bound); default 2 s, as theirs.
     *
     * @param v the bound, at least 1 ms
     * @return this builder
     */
    public Builder fastAckBound(Duration v) {
      fastAckBound = v;
      return this;
    }

    /**
     * Validates every setting and makes the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming every invalid setting, e.g. {@code Invalid producer
     *     configuration: bootstrap.servers must be set; recordTtl must be between 100ms and ...}
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
