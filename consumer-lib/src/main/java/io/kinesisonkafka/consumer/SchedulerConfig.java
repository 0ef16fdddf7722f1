package io.kinesisonkafka.consumer;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The immutable configuration of a {@link Scheduler}: {@code SchedulerConfig.custom()...build()}.
 * {@link Builder#build()} reports every invalid setting at once.
 *
 * <p>The application name is the Kafka consumer group id: its committed offsets are the
 * checkpoints, and {@code kafka-consumer-groups --describe --group <applicationName>} shows the lag
 * per shard.
 *
 * <p>Immutable and thread-safe; the builder is not.
 */
public final class SchedulerConfig {
  private final String applicationName;
  private final List<String> streams;
  private final String bootstrapServers;
  private final Map<String, Object> kafkaProperties;
  private final String topicPrefix;
  private final String catalogTopic;
  private final InitialPosition initialPosition;
  private final int maxRecords;
  private final Duration idleTimeBetweenReads;
  private final Duration failoverTime;
  private final Duration gracefulShutdownTimeout;
  private final Duration parentShardPollInterval;
  private final Duration shardSyncInterval;
  private final Duration shardEndRetryInterval;
  private final String workerId;
  private final Clock clock;
  private final ThreadFactory threadFactory;
  private final Consumer<ConsumerException> errorHandler;

  private SchedulerConfig(Builder b) {
    this.applicationName = b.applicationName;
    this.streams = List.copyOf(b.streams);
    this.bootstrapServers = b.bootstrapServers;
    this.kafkaProperties = Map.copyOf(b.kafkaProperties);
    this.topicPrefix = b.topicPrefix;
    this.catalogTopic = b.catalogTopic;
    this.initialPosition = b.initialPosition;
    this.maxRecords = b.maxRecords;
    this.idleTimeBetweenReads = b.idleTimeBetweenReads;
    this.failoverTime = b.failoverTime;
    this.gracefulShutdownTimeout = b.gracefulShutdownTimeout;
    this.parentShardPollInterval = b.parentShardPollInterval;
    this.shardSyncInterval = b.shardSyncInterval;
    this.shardEndRetryInterval = b.shardEndRetryInterval;
    this.workerId = b.workerId != null ? b.workerId : defaultWorkerId();
    this.clock = b.clock;
    this.threadFactory = b.threadFactory != null ? b.threadFactory : namedThreads(applicationName);
    this.errorHandler = b.errorHandler;
  }

  /**
   * A builder holding the defaults; {@code applicationName}, at least one stream and {@code
   * bootstrapServers} must still be set.
   *
   * @return a new builder
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * A builder holding this configuration's values, to change some of them.
   *
   * @param base the configuration to start from
   * @return a new builder; changing it leaves {@code base} as it is
   */
  public static Builder from(SchedulerConfig base) {
    Builder b = new Builder();
    b.applicationName = base.applicationName;
    b.streams.addAll(base.streams);
    b.bootstrapServers = base.bootstrapServers;
    b.kafkaProperties.putAll(base.kafkaProperties);
    b.topicPrefix = base.topicPrefix;
    b.catalogTopic = base.catalogTopic;
    b.initialPosition = base.initialPosition;
    b.maxRecords = base.maxRecords;
    b.idleTimeBetweenReads = base.idleTimeBetweenReads;
    b.failoverTime = base.failoverTime;
    b.gracefulShutdownTimeout = base.gracefulShutdownTimeout;
    b.parentShardPollInterval = base.parentShardPollInterval;
    b.shardSyncInterval = base.shardSyncInterval;
    b.shardEndRetryInterval = base.shardEndRetryInterval;
    b.workerId = base.workerId;
    b.clock = base.clock;
    b.threadFactory = base.threadFactory;
    b.errorHandler = base.errorHandler;
    return b;
  }

  /**
   * The KCL application name, which is the Kafka consumer group id. Required.
   *
   * @return the application name
   */
  public String applicationName() {
    return applicationName;
  }

  /**
   * The streams consumed, each at most once. Required.
   *
   * @return the stream names, at least one, unmodifiable
   */
  public List<String> streams() {
    return streams;
  }

  /**
   * Kafka's {@code bootstrap.servers}. Required.
   *
   * @return the bootstrap servers
   */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Extra Kafka client properties (SASL, TLS, ...) for the consumer and the catalog reader. The
   * scheduler's own consumer settings win over these: bootstrap servers, group id, client id, group
   * protocol and assignor, auto commit, offset reset, session and heartbeat timeouts, max poll
   * records, metadata max age and deserializers. Default none.
   *
   * @return the properties, unmodifiable
   */
  public Map<String, Object> kafkaProperties() {
    return kafkaProperties;
  }

  /**
   * Stream {@code s} is topic {@code <topicPrefix>s}; as the servers' {@code --topic-prefix}.
   * Default {@code kinesis.}.
   *
   * @return the prefix, possibly empty
   */
  public String topicPrefix() {
    return topicPrefix;
  }

  /**
   * The catalog topic; as the servers' {@code --catalog-topic}. Default {@code __kinesis_catalog}.
   *
   * @return the topic
   */
  public String catalogTopic() {
    return catalogTopic;
  }

  /**
   * Where a shard without a checkpoint starts. Default LATEST, as the KCL's.
   *
   * @return the initial position
   */
  public InitialPosition initialPosition() {
    return initialPosition;
  }

  /**
   * Most Kafka records per read, Kafka's {@code max.poll.records}, and so per {@link
   * ShardRecordProcessor#processRecords} call before KPL aggregates are unpacked. 1 to 100,000;
   * default 10,000.
   *
   * @return the most records per call
   */
  public int maxRecords() {
    return maxRecords;
  }

  /**
   * Longest a read waits for new records before the worker looks around again (the Kafka poll
   * timeout). Default 1 s.
   *
   * @return the longest wait
   */
  public Duration idleTimeBetweenReads() {
    return idleTimeBetweenReads;
  }

  /**
   * How long a silent worker keeps its leases: the consumer group's session timeout. The broker
   * bounds it ({@code group.min.session.timeout.ms}, 6 s by default). At least 1 s; default 10 s.
   * Heartbeats go every quarter of it.
   *
   * @return the failover time
   */
  public Duration failoverTime() {
    return failoverTime;
  }

  /**
   * How long {@link Scheduler#close()} lets processors checkpoint. Default 30 s.
   *
   * @return the timeout
   */
  public Duration gracefulShutdownTimeout() {
    return gracefulShutdownTimeout;
  }

  /**
   * How often a child shard checks whether its parents are checkpointed at SHARD_END. Default 1 s.
   *
   * @return the interval
   */
  public Duration parentShardPollInterval() {
    return parentShardPollInterval;
  }

  /**
   * How often new shards (partitions) are looked for: Kafka's {@code metadata.max.age.ms}. Default
   * 10 s.
   *
   * @return the interval
   */
  public Duration shardSyncInterval() {
    return shardSyncInterval;
  }

  /**
   * How long before {@code shardEnded} is called again when it did not checkpoint. Default 5 s.
   *
   * @return the interval
   */
  public Duration shardEndRetryInterval() {
    return shardEndRetryInterval;
  }

  /**
   * This worker's name, the Kafka client id. Default: the host name, a dash and eight random hex
   * digits.
   *
   * @return the worker id
   */
  public String workerId() {
    return workerId;
  }

  /**
   * The clock {@code millisBehindLatest} is measured with. Default the system's, in UTC.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Makes the worker thread. Default: daemon threads named {@code
   * kinesis-consumer-<application>-<n>}.
   *
   * @return the thread factory
   */
  public ThreadFactory threadFactory() {
    return threadFactory;
  }

  /**
   * Told of processor failures ({@link ProcessorFailedException}) and of shards ended without a
   * checkpoint ({@link ShardEndNotCheckpointedException}), on the worker thread. Default: does
   * nothing (both are logged anyway).
   *
   * @return the error handler
   */
  public Consumer<ConsumerException> errorHandler() {
    return errorHandler;
  }

  private static String defaultWorkerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "worker";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static ThreadFactory namedThreads(String application) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "kinesis-consumer-" + application + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Collects settings; {@link #build()} validates them all at once. The setters only record values;
   * each setting's meaning, range and default are on its {@link SchedulerConfig} accessor. Not
   * thread-safe.
   */
  public static final class Builder {
    private String applicationName;
    private final List<String> streams = new ArrayList<>();
    private String bootstrapServers;
    private final Map<String, Object> kafkaProperties = new LinkedHashMap<>();
    private String topicPrefix = "kinesis.";
    private String catalogTopic = "__kinesis_catalog";
    private InitialPosition initialPosition = InitialPosition.LATEST;
    private int maxRecords = 10_000;
    private Duration idleTimeBetweenReads = Duration.ofSeconds(1);
    private Duration failoverTime = Duration.ofSeconds(10);
    private Duration gracefulShutdownTimeout = Duration.ofSeconds(30);
    private Duration parentShardPollInterval = Duration.ofSeconds(1);
    private Duration shardSyncInterval = Duration.ofSeconds(10);
    private Duration shardEndRetryInterval = Duration.ofSeconds(5);
    private String workerId;
    private Clock clock = Clock.systemUTC();
    private ThreadFactory threadFactory;
    private Consumer<ConsumerException> errorHandler = e -> {};

    private Builder() {}

    /**
     * The KCL application name, which is the Kafka consumer group id; see {@link
     * SchedulerConfig#applicationName()}.
     *
     * @param v the name, not blank
     * @return this builder
     */
    public Builder applicationName(String v) {
      applicationName = v;
      return this;
    }

    /**
     * Adds a stream to consume; call once per stream.
     *
     * @param v the stream's name
     * @return this builder
     */
    public Builder stream(String v) {
      streams.add(v);
      return this;
    }

    /**
     * Replaces the streams to consume; see {@link SchedulerConfig#streams()}.
     *
     * @param v the stream names, each once
     * @return this builder
     */
    public Builder streams(List<String> v) {
      streams.clear();
      streams.addAll(v);
      return this;
    }

    /**
     * Kafka's {@code bootstrap.servers}; required.
     *
     * @param v e.g. {@code kafka:9092}
     * @return this builder
     */
    public Builder bootstrapServers(String v) {
      bootstrapServers = v;
      return this;
    }

    /**
     * Adds a Kafka client property; see {@link SchedulerConfig#kafkaProperties()} for those the
     * scheduler sets itself.
     *
     * @param name the property's name
     * @param value its value
     * @return this builder
     */
    public Builder kafkaProperty(String name, Object value) {
      kafkaProperties.put(name, value);
      return this;
    }

    /**
     * See {@link SchedulerConfig#topicPrefix()}.
     *
     * @param v the prefix
     * @return this builder
     */
    public Builder topicPrefix(String v) {
      topicPrefix = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#catalogTopic()}.
     *
     * @param v the topic
     * @return this builder
     */
    public Builder catalogTopic(String v) {
      catalogTopic = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#initialPosition()}.
     *
     * @param v where a shard without checkpoint starts
     * @return this builder
     */
    public Builder initialPosition(InitialPosition v) {
      initialPosition = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#maxRecords()}.
     *
     * @param v the most records per call, 1 to 100,000
     * @return this builder
     */
    public Builder maxRecords(int v) {
      maxRecords = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#idleTimeBetweenReads()}.
     *
     * @param v the longest wait, positive
     * @return this builder
     */
    public Builder idleTimeBetweenReads(Duration v) {
      idleTimeBetweenReads = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#failoverTime()}.
     *
     * @param v the failover time, at least 1 s
     * @return this builder
     */
    public Builder failoverTime(Duration v) {
      failoverTime = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#gracefulShutdownTimeout()}.
     *
     * @param v the timeout, positive
     * @return this builder
     */
    public Builder gracefulShutdownTimeout(Duration v) {
      gracefulShutdownTimeout = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#parentShardPollInterval()}.
     *
     * @param v the interval, positive
     * @return this builder
     */
    public Builder parentShardPollInterval(Duration v) {
      parentShardPollInterval = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#shardSyncInterval()}.
     *
     * @param v the interval, positive
     * @return this builder
     */
    public Builder shardSyncInterval(Duration v) {
      shardSyncInterval = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#shardEndRetryInterval()}.
     *
     * @param v the interval, positive
     * @return this builder
     */
    public Builder shardEndRetryInterval(Duration v) {
      shardEndRetryInterval = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#workerId()}.
     *
     * @param v the worker id; null for the default
     * @return this builder
     */
    public Builder workerId(String v) {
      workerId = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#clock()}.
     *
     * @param v the clock
     * @return this builder
     */
    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#threadFactory()}.
     *
     * @param v the thread factory; null for the default
     * @return this builder
     */
    public Builder threadFactory(ThreadFactory v) {
      threadFactory = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#errorHandler()}.
     *
     * @param v the error handler
     * @return this builder
     */
    public Builder errorHandler(Consumer<ConsumerException> v) {
      errorHandler = v;
      return this;
    }

    /**
     * Validates every setting and makes the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming every invalid setting, e.g. {@code Invalid scheduler
     *     configuration: applicationName must be set, but was null; ...}
     */
    public SchedulerConfig build() {
      List<String> problems = new ArrayList<>();
      if (applicationName == null || applicationName.isBlank()) {
        problems.add("applicationName must be set, but was " + quoted(applicationName));
      }
      if (streams.isEmpty()) {
        problems.add("streams must name at least one stream, but was empty");
      }
      for (String s : streams) {
        if (s == null || s.isBlank()) {
          problems.add("streams must not hold a blank name, but held " + quoted(s));
        }
      }
      if (streams.stream().distinct().count() != streams.size()) {
        problems.add("streams must not repeat a stream, but was " + streams);
      }
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        problems.add("bootstrapServers must be set, but was " + quoted(bootstrapServers));
      }
      if (topicPrefix == null) {
        problems.add("topicPrefix must not be null");
      }
      if (catalogTopic == null || catalogTopic.isBlank()) {
        problems.add("catalogTopic must be set, but was " + quoted(catalogTopic));
      }
      if (initialPosition == null) {
        problems.add("initialPosition must not be null");
      }
      if (maxRecords < 1 || maxRecords > 100_000) {
        problems.add("maxRecords must be in [1, 100000], but was " + maxRecords);
      }
      positive(problems, "idleTimeBetweenReads", idleTimeBetweenReads);
      positive(problems, "failoverTime", failoverTime);
      if (failoverTime != null && failoverTime.toMillis() < 1_000 && !failoverTime.isNegative()) {
        problems.add("failoverTime must be >= 1s, but was " + failoverTime.toMillis() + "ms");
      }
      positive(problems, "gracefulShutdownTimeout", gracefulShutdownTimeout);
      positive(problems, "parentShardPollInterval", parentShardPollInterval);
      positive(problems, "shardSyncInterval", shardSyncInterval);
      positive(problems, "shardEndRetryInterval", shardEndRetryInterval);
      if (clock == null) {
        problems.add("clock must not be null");
      }
      if (errorHandler == null) {
        problems.add("errorHandler must not be null");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "Invalid scheduler configuration: " + String.join("; ", problems));
      }
      return new SchedulerConfig(this);
    }

    private static void positive(List<String> problems, String name, Duration d) {
      if (d == null) {
        problems.add(name + " must not be null");
      } else if (d.isNegative() || d.isZero()) {
        problems.add(name + " must be > 0, but was " + d.toMillis() + "ms");
      }
    }

    private static String quoted(String s) {
      return s == null ? "null" : "'" + s + "'";
    }
  }

  /**
   * For logs: the application, streams and bootstrap servers.
   *
   * @return e.g. {@code SchedulerConfig[billing [orders] @kafka:9092]}
   */
  @Override
  public String toString() {
    return "SchedulerConfig[" + applicationName + " " + streams + " @" + bootstrapServers + "]";
  }
}
