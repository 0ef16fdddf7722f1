package io.kinesisonkafka.adapter.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What it takes to open the {@link StreamCatalog} of a Kafka cluster: how to reach Kafka (bootstrap
 * servers and any Kafka client property: SASL, TLS, ...), where the streams live (topic prefix,
 * catalog topic), the resharding bounds a writer must hold to (catalog freshness, fast-ack bound),
 * how long a request to Kafka may take, the account and region that stream ARNs name, and the
 * replication factor of the catalog topic when this is the first client to open it.
 *
 * <p>Immutable and thread-safe. Build with {@link #custom()}: the builder takes any value, and
 * {@link Builder#build()} rejects the settings naming every invalid one at once ({@code
 * "catalogFreshness must be > 0, but was PT-5S"}). {@link #ofDefaults()} is a local Kafka with the
 * defaults the servers use.
 *
 * <p>The resharding bounds must be those of the servers that reshard (the defaults are): a writer
 * routes with its catalog view only while the view is at most {@link #catalogFreshness()} old, and
 * re-checks an acknowledgement that came later than {@link #fastAckBound()} after its routing
 * decision (DESIGN.md section 3).
 *
 * <p>It is also the one place that holds the Kafka client settings nobody may override ({@link
 * #ENFORCED_PRODUCER_PROPERTIES}, {@link #ENFORCED_CONSUMER_PROPERTIES}): {@link
 * #producerProperties}, {@link #consumerProperties} and {@link #adminProperties} hand out client
 * properties with them applied over the user's. Every Kafka client that touches streams or the
 * catalog (the engine's, producer-lib's, consumer-lib's, firehose-bridge's) is made from these.
 */
public final class CatalogSettings {
  /**
   * The least time opening the catalog waits for Kafka (to create the catalog topic and read the
   * log to its end), whatever the {@link #requestTimeout()}: a process that starts together with
   * its Kafka cluster should not give up while the brokers are still starting.
   */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Producer settings every Kafka producer that writes a stream's records or the catalog gets,
   * whatever the user set: acknowledged means on every in-sync replica, and Kafka's own retries
   * never duplicate or reorder a record; keys and values are bytes.
   */
  public static final Map<String, Object> ENFORCED_PRODUCER_PROPERTIES =
      Map.of(
          "acks", "all",
          "enable.idempotence", true,
          "max.in.flight.requests.per.connection", 5,
          "key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer",
          "value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");

  /**
   * Consumer settings every Kafka consumer of stream records or the catalog gets, whatever the user
   * set: positions are committed only by the code that knows a record was processed (a checkpoint),
   * never by a timer; keys and values are bytes.
   */
  public static final Map<String, Object> ENFORCED_CONSUMER_PROPERTIES =
      Map.of(
          "enable.auto.commit", false,
          "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
          "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

  private final Map<String, Object> kafkaProperties;
  private final String topicPrefix;
  private final String catalogTopic;
  private final String region;
  private final String accountId;
  private final short replicationFactor;
  private final Duration catalogFreshness;
  private final Duration fastAckBound;
  private final Duration requestTimeout;

  private CatalogSettings(Builder b) {
    this.kafkaProperties = Map.copyOf(b.kafkaProperties);
    this.topicPrefix = b.topicPrefix;
    this.catalogTopic = b.catalogTopic;
    this.region = b.region;
    this.accountId = b.accountId;
    this.replicationFactor = (short) b.replicationFactor;
    this.catalogFreshness = b.catalogFreshness;
    this.fastAckBound = b.fastAckBound;
    this.requestTimeout = b.requestTimeout;
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
   * A builder that starts from {@code base}'s settings.
   *
   * @param base the settings to copy; not null
   * @return a new builder; changing it leaves {@code base} as it is
   * @throws NullPointerException if {@code base} is null
   */
  public static Builder from(CatalogSettings base) {
    return new Builder(Objects.requireNonNull(base, "base"));
  }

  /**
   * The defaults against a Kafka on {@code localhost:9092}.
   *
   * @return the settings
   */
  public static CatalogSettings ofDefaults() {
    return custom().bootstrapServers("localhost:9092").build();
  }

  /**
   * The user's Kafka client properties, {@code bootstrap.servers} among them: passed to every
   * client made for the catalog and the streams, under the {@linkplain
   * #ENFORCED_PRODUCER_PROPERTIES enforced} ones. Unmodifiable.
   *
   * @return the properties by name
   */
  public Map<String, Object> kafkaProperties() {
    return kafkaProperties;
  }

  /**
   * The bootstrap servers, as given.
   *
   * @return Kafka's {@code bootstrap.servers}, as a string
   */
  public String bootstrapServers() {
    return String.valueOf(kafkaProperties.get("bootstrap.servers"));
  }

  /**
   * What a stream's topic name starts with: stream {@code orders} is topic {@code <prefix>orders}.
   *
   * @return the prefix, possibly empty; default {@code kinesis.}
   */
  public String topicPrefix() {
    return topicPrefix;
  }

  /**
   * The single-partition topic that holds the catalog's commands.
   *
   * @return the catalog topic's name
   */
  public String catalogTopic() {
    return catalogTopic;
  }

  /**
   * The region stream ARNs name.
   *
   * @return the region, {@code us-east-1} by default
   */
  public String region() {
    return region;
  }

  /**
   * The 12-digit account stream ARNs and error messages name.
   *
   * @return the account id, 12 digits
   */
  public String accountId() {
    return accountId;
  }

  /**
   * The replication factor of the catalog topic if this creates it; -1 for the broker default.
   *
   * @return the replication factor, or -1
   */
  public short replicationFactor() {
    return replicationFactor;
  }

  /**
   * How stale a catalog view may be and still route records.
   *
   * @return the freshness bound, greater than zero
   */
  public Duration catalogFreshness() {
    return catalogFreshness;
  }

  /**
   * How long after its routing decision a record's acknowledgement needs no re-check.
   *
   * @return the fast-ack bound, greater than zero
   */
  public Duration fastAckBound() {
    return fastAckBound;
  }

  /**
   * How long a request to Kafka (writing a command, waiting for a fresh view, an acknowledgement)
   * may take before the caller gets a retriable error; opening the catalog waits at least {@link
   * #START_TIMEOUT}.
   *
   * @return the request timeout, greater than zero
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * The ARN of a stream in this account and region.
   *
   * @param streamName the stream's name; not checked
   * @return {@code arn:aws:kinesis:<region>:<account>:stream/<name>}
   */
  public String streamArn(String streamName) {
    return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + streamName;
  }

  /**
   * Properties for a Kafka producer: {@code defaults}, then the user's {@linkplain
   * #kafkaProperties() Kafka properties}, then {@code overrides}, then {@link
   * #ENFORCED_PRODUCER_PROPERTIES}. Each call returns a new mutable map.
   *
   * @param defaults the client's own tuning, which the user may change (linger, batch size, ...)
   * @param overrides the client's tuning the user may not change (max request size, ...)
   * @return a new mutable map
   */
  public Map<String, Object> producerProperties(Map<String, ?> defaults, Map<String, ?> overrides) {
    return layered(defaults, overrides, ENFORCED_PRODUCER_PROPERTIES);
  }

  /**
   * Properties for a Kafka consumer: {@code defaults}, then the user's {@linkplain
   * #kafkaProperties() Kafka properties}, then {@code overrides}, then {@link
   * #ENFORCED_CONSUMER_PROPERTIES}. Each call returns a new mutable map.
   *
   * @param defaults the client's own tuning, which the user may change (fetch sizes, ...)
   * @param overrides the client's tuning the user may not change (group, offset reset, ...)
   * @return a new mutable map
   */
  public Map<String, Object> consumerProperties(Map<String, ?> defaults, Map<String, ?> overrides) {
    return layered(defaults, overrides, ENFORCED_CONSUMER_PROPERTIES);
  }

  /**
   * Properties for a Kafka admin client: the user's {@linkplain #kafkaProperties() Kafka
   * properties}, then {@code overrides} (a client id, ...). Each call returns a new mutable map.
   *
   * @param overrides the client's own settings, which win over the user's
   * @return a new mutable map
   */
  public Map<String, Object> adminProperties(Map<String, ?> overrides) {
    return layered(Map.of(), overrides, Map.of());
  }

  private Map<String, Object> layered(
      Map<String, ?> defaults, Map<String, ?> overrides, Map<String, Object> enforced) {
    Map<String, Object> p = new HashMap<>(defaults);
    p.putAll(kafkaProperties);
    p.putAll(overrides);
    p.putAll(enforced);
    return p;
  }

  /** Equal when every setting is. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CatalogSettings c
        && kafkaProperties.equals(c.kafkaProperties)
        && topicPrefix.equals(c.topicPrefix)
        && catalogTopic.equals(c.catalogTopic)
        && region.equals(c.region)
        && accountId.equals(c.accountId)
        && replicationFactor == c.replicationFactor
        && catalogFreshness.equals(c.catalogFreshness)
        && fastAckBound.equals(c.fastAckBound)
        && requestTimeout.equals(c.requestTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        kafkaProperties,
        topicPrefix,
        catalogTopic,
        region,
        accountId,
        replicationFactor,
        catalogFreshness,
        fastAckBound,
        requestTimeout);
  }

  /** The settings, bootstrap servers but no other Kafka property (they may hold secrets). */
  @Override
  public String toString() {
    return "CatalogSettings[bootstrapServers="
        + bootstrapServers()
        + ", topicPrefix="
        + topicPrefix
        + ", catalogTopic="
        + catalogTopic
        + ", region="
        + region
        + ", accountId="
        + accountId
        + ", replicationFactor="
        + replicationFactor
        + ", catalogFreshness="
        + catalogFreshness
        + ", fastAckBound="
        + fastAckBound
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }

  /**
   * Builder in resilience4j's shape: {@code CatalogSettings.custom()...build()}. Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, Object> kafkaProperties = new HashMap<>();
    private String topicPrefix = "kinesis.";
    private String catalogTopic = "__kinesis_catalog";
    private String region = "us-east-1";
    private String accountId = "000000000000";
    private int replicationFactor = -1;
    private Duration catalogFreshness = Duration.ofSeconds(1);
    private Duration fastAckBound = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(5);

    private Builder() {}

    private Builder(CatalogSettings c) {
      kafkaProperties.putAll(c.kafkaProperties);
      topicPrefix = c.topicPrefix;
      catalogTopic = c.catalogTopic;
      region = c.region;
      accountId = c.accountId;
      replicationFactor = c.replicationFactor;
      catalogFreshness = c.catalogFreshness;
      fastAckBound = c.fastAckBound;
      requestTimeout = c.requestTimeout;
    }

    /**
     * Kafka's {@code bootstrap.servers}; required.
     *
     * @param servers {@code host:port[,host:port...]}
     * @return this builder
     */
    public Builder bootstrapServers(String servers) {
      kafkaProperties.put("bootstrap.servers", servers);
      return this;
    }

    /**
     * Any Kafka client property (SASL, TLS, ...), passed to every client.
     *
     * @param name the Kafka property's name
     * @param value its value, not null; the enforced properties win over it
     * @return this builder
     */
    public Builder kafkaProperty(String name, Object value) {
      kafkaProperties.put(name, value);
      return this;
    }

    /**
     * Adds these Kafka client properties to those set so far.
     *
     * @param properties Kafka properties by name, no value null; they replace earlier ones
     * @return this builder
     */
    public Builder kafkaProperties(Map<String, ?> properties) {
      kafkaProperties.putAll(properties);
      return this;
    }

    /**
     * Default {@code kinesis.}.
     *
     * @param v what every stream topic name starts with; not null, may be empty
     * @return this builder
     */
    public Builder topicPrefix(String v) {
      topicPrefix = v;
      return this;
    }

    /**
     * Default {@code __kinesis_catalog}.
     *
     * @param v the catalog topic's name; not blank
     * @return this builder
     */
    public Builder catalogTopic(String v) {
      catalogTopic = v;
      return this;
    }

    /**
     * Default {@code us-east-1}.
     *
     * @param v the region stream ARNs name; not blank
     * @return this builder
     */
    public Builder region(String v) {
      region = v;
      return this;
    }

    /**
     * 12 digits; default {@code 000000000000}.
     *
     * @param v the account stream ARNs name
     * @return this builder
     */
    public Builder accountId(String v) {
      accountId = v;
      return this;
    }

    /**
     * Default -1: the broker's default replication factor.
     *
     * @param v the factor, 1 to 32767, or -1
     * @return this builder
     */
    public Builder replicationFactor(int v) {
      replicationFactor = v;
      return this;
    }

    /**
     * Greater than zero; default 1 s.
     *
     * @param v how stale a catalog view may be and still route records
     * @return this builder
     */
    public Builder catalogFreshness(Duration v) {
      catalogFreshness = v;
      return this;
    }

    /**
     * Greater than zero; default 2 s.
     *
     * @param v how long after routing an acknowledgement needs no re-check
     * @return this builder
     */
    public Builder fastAckBound(Duration v) {
      fastAckBound = v;
      return this;
    }

    /**
     * Greater than zero; default 5 s, under the KPL's 6 s and the AWS SDKs' 30 s socket timeouts,
     * so that while Kafka is unreachable a client gets a retriable error before it gives up on its
     * own. Opening the catalog waits at least {@link #START_TIMEOUT}.
     *
     * @param v how long a request to Kafka may take
     * @return this builder
     */
    public Builder requestTimeout(Duration v) {
      requestTimeout = v;
      return this;
    }

    /**
     * Every problem with the values set so far, each naming its setting; empty when {@link
     * #build()} would succeed.
     *
     * @return the problems, in a new list; empty when there are none
     */
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (kafkaProperties.get("bootstrap.servers") == null) {
        problems.add("bootstrap.servers must be set");
      }
      kafkaProperties.forEach(
          (name, value) -> {
            if (value == null && !name.equals("bootstrap.servers")) {
              problems.add("Kafka property " + name + " must not be null");
            }
          });
      if (replicationFactor != -1
          && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
        problems.add(
            "replicationFactor must be -1 or 1 to "
                + Short.MAX_VALUE
                + ", but was "
                + replicationFactor);
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
      positive(problems, "catalogFreshness", catalogFreshness);
      positive(problems, "fastAckBound", fastAckBound);
      positive(problems, "requestTimeout", requestTimeout);
      return problems;
    }

    /**
     * Checks every setting and makes the settings.
     *
     * @return the settings; the builder may go on to make others
     * @throws IllegalArgumentException naming every invalid setting
     */
    public CatalogSettings build() {
      List<String> problems = problems();
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Invalid catalog settings: " + problems);
      }
      return new CatalogSettings(this);
    }

    private static void positive(List<String> problems, String name, Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        problems.add(name + " must be > 0, but was " + value);
      }
    }
  }
}
