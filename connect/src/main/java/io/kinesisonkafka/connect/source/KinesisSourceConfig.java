package io.kinesisonkafka.connect.source;

import io.kinesisonkafka.connect.internals.KinesisAccess;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The source connector's settings: one table ({@link #CONFIG_DEF}), read once into an immutable
 * view. The shared endpoint and credential settings ({@code kinesis.endpoint}, {@code aws.region},
 * {@code aws.access.key.id}, {@code aws.secret.access.key}, {@code aws.assume.role.*}) come first.
 */
public final class KinesisSourceConfig extends AbstractConfig {
  /** Comma-separated stream names to copy. */
  public static final String STREAMS = "kinesis.streams";

  /** A regular expression; every stream whose whole name matches it is copied, new ones too. */
  public static final String STREAM_PATTERN = "kinesis.stream.pattern";

  /** Where a shard with no stored offset starts: TRIM_HORIZON, LATEST or AT_TIMESTAMP. */
  public static final String POSITION = "kinesis.position";

  /** The ISO-8601 instant for AT_TIMESTAMP. */
  public static final String POSITION_TIMESTAMP = "kinesis.position.timestamp";

  /** The Kafka topic of a stream's records; {@code ${stream}} stands for the stream's name. */
  public static final String TOPIC_TEMPLATE = "topic.template";

  /** How a record's Kafka partition is chosen: key, hash-key or shard-index. */
  public static final String PARTITIONING = "kafka.partitioning";

  /** The number of partitions of the target topics, for hash-key and shard-index. */
  public static final String PARTITIONS = "kafka.partitions";

  /** Whether KPL aggregates are split into their user records. */
  public static final String DEAGGREGATE = "kinesis.deaggregate";

  /** Which Kinesis headers each Kafka record carries (a list of {@link Header} names). */
  public static final String HEADERS = "kinesis.headers";

  /** The most records one GetRecords call returns. */
  public static final String RECORDS_LIMIT = "kinesis.getrecords.limit";

  /** How long a shard that returned nothing waits before its next GetRecords. */
  public static final String IDLE_INTERVAL = "kinesis.idle.interval.ms";

  /** How often the connector lists streams and shards to find new ones. */
  public static final String DISCOVERY_INTERVAL = "kinesis.discovery.interval.ms";

  /** How often a child shard checks whether its parents were copied to their end. */
  public static final String PARENT_CHECK_INTERVAL = "kinesis.parent.check.interval.ms";

  /** The first back-off after a throttled or failed call. */
  public static final String BACKOFF_INITIAL = "kinesis.backoff.initial.ms";

  /** The longest back-off. */
  public static final String BACKOFF_MAX = "kinesis.backoff.max.ms";

  /** How records are read: polling (GetRecords) or fanout (enhanced fan-out, SubscribeToShard). */
  public static final String READER = "kinesis.reader";

  /** The stream consumer name registered for enhanced fan-out. */
  public static final String CONSUMER_NAME = "kinesis.consumer.name";

  /** The task's shards; set by the connector, not by users. */
  static final String TASK_SHARDS = "task.shards";

  /** Where a shard without a stored offset starts. */
  public enum Position {
    /** The oldest record the shard still holds. */
    TRIM_HORIZON,
    /** Records written after the task first reads the shard. */
    LATEST,
    /** The first record at or after {@code kinesis.position.timestamp}. */
    AT_TIMESTAMP
  }

  /** How a record's Kafka partition is chosen. */
  public enum Partitioning {
    /**
     * None set: the producer's partitioner hashes the record key (the partition key), so a key's
     * records share a partition across reshards.
     */
    KEY,
    /**
     * The hash key space split evenly over {@code kafka.partitions}, as Kinesis splits it over a
     * stream's first shards: a key's records share a partition across reshards.
     */
    HASH_KEY,
    /**
     * Shard index modulo {@code kafka.partitions}: a shard's records share a partition; after a
     * reshard a key moves to its child's partition (written only after the parent's end).
     */
    SHARD_INDEX
  }

  /** The settings table, with documentation, defaults and validators. */
  public static final ConfigDef CONFIG_DEF = define();

  private static ConfigDef define() {
    ConfigDef def = KinesisAccess.define(new ConfigDef());
    String group = "Source";
    int order = 0;
    return def.define(
            STREAMS,
            Type.LIST,
            "",
            Importance.HIGH,
            "Comma-separated names of the streams to copy (or use kinesis.stream.pattern).",
            group,
            ++order,
            ConfigDef.Width.LONG,
            "Streams")
        .define(
            STREAM_PATTERN,
            Type.STRING,
            "",
            KinesisSourceConfig::validatePattern,
            Importance.HIGH,
            "A regular expression over stream names; matching streams are copied, also those"
                + " created later.",
            group,
            ++order,
            ConfigDef.Width.LONG,
            "Stream pattern")
        .define(
            POSITION,
            Type.STRING,
            "TRIM_HORIZON",
            ConfigDef.CaseInsensitiveValidString.in("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"),
            Importance.HIGH,
            "Where a shard with no stored offset starts.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Start position")
        .define(
            POSITION_TIMESTAMP,
            Type.STRING,
            "",
            KinesisSourceConfig::validateInstant,
            Importance.MEDIUM,
            "For AT_TIMESTAMP: an ISO-8601 instant such as 2026-12-01T00:00:00Z.",
            group,
            ++order,
            ConfigDef.Width.MEDIUM,
            "Start timestamp")
        .define(
            TOPIC_TEMPLATE,
            Type.STRING,
            "${stream}",
            new ConfigDef.NonEmptyString(),
            Importance.HIGH,
            "The Kafka topic of a stream's records; ${stream} is replaced by the stream's name.",
            group,
            ++order,
            ConfigDef.Width.MEDIUM,
            "Topic template")
        .define(
            PARTITIONING,
            Type.STRING,
            "key",
            ConfigDef.CaseInsensitiveValidString.in("key", "hash-key", "shard-index"),
            Importance.MEDIUM,
            "How a record's Kafka partition is chosen. key: left to the producer, which hashes the"
                + " record key (the partition key). hash-key: the 128-bit hash key space split"
                + " evenly over kafka.partitions (a key keeps its partition across reshards)."
                + " shard-index: the shard's index modulo kafka.partitions.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Partitioning")
        .define(
            PARTITIONS,
            Type.INT,
            0,
            Range.between(0, 100_000),
            Importance.MEDIUM,
            "The target topics' partition count, needed by hash-key and shard-index.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Partitions")
        .define(
            DEAGGREGATE,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Split KPL-aggregated records into their user records (one Kafka record each).",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "De-aggregate")
        .define(
            HEADERS,
            Type.LIST,
            String.join(",", Header.names()),
            (name, value) -> {
              for (Object h : (List<?>) value) {
                Header.of(h.toString().trim(), name);
              }
            },
            Importance.LOW,
            "The Kinesis headers each Kafka record carries, from: "
                + String.join(", ", Header.names())
                + ". Each header costs the worker's header converter a conversion per record"
                + " (about a quarter of a worker's CPU for all six with the default"
                + " SimpleHeaderConverter); list fewer, or none (an empty value), to copy faster.",
            group,
            ++order,
            ConfigDef.Width.LONG,
            "Headers")
        .define(
            RECORDS_LIMIT,
            Type.INT,
            10_000,
            Range.between(1, 10_000),
            Importance.LOW,
            "The Limit of each GetRecords call.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "GetRecords limit")
        .define(
            IDLE_INTERVAL,
            Type.LONG,
            500L,
            Range.between(0, 60_000),
            Importance.LOW,
            "How long a shard that returned nothing waits before its next GetRecords (Kinesis"
                + " allows 5 calls per shard per second).",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Idle interval")
        .define(
            DISCOVERY_INTERVAL,
            Type.LONG,
            10_000L,
            Range.between(100, 3_600_000),
            Importance.LOW,
            "How often the connector lists streams and shards to find new ones.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Discovery interval")
        .define(
            PARENT_CHECK_INTERVAL,
            Type.LONG,
            2_000L,
            Range.between(10, 600_000),
            Importance.LOW,
            "How often a child shard checks that its parents were copied to their end.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Parent check interval")
        .define(
            BACKOFF_INITIAL,
            Type.LONG,
            200L,
            Range.between(1, 60_000),
            Importance.LOW,
            "The first back-off after a throttled or failed call; doubles, with jitter.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Initial back-off")
        .define(
            BACKOFF_MAX,
            Type.LONG,
            10_000L,
            Range.between(1, 600_000),
            Importance.LOW,
            "The longest back-off.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Maximum back-off")
        .define(
            READER,
            Type.STRING,
            "polling",
            ConfigDef.CaseInsensitiveValidString.in("polling", "fanout"),
            Importance.MEDIUM,
            "polling: GetRecords (shares the shard's 2 MB/s and 5 calls/s with other readers)."
                + " fanout: enhanced fan-out, a registered stream consumer with SubscribeToShard"
                + " (2 MB/s of its own per shard).",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Reader")
        .define(
            CONSUMER_NAME,
            Type.STRING,
            "kinesis-kafka-connect",
            new ConfigDef.NonEmptyString(),
            Importance.LOW,
            "For fanout: the stream consumer to register (or use, if registered).",
            group,
            ++order,
            ConfigDef.Width.MEDIUM,
            "Consumer name")
        .defineInternal(TASK_SHARDS, Type.STRING, "", Importance.LOW);
  }

  /**
   * Parses and validates the settings.
   *
   * @param props the connector's configuration
   * @throws ConfigException if a setting is invalid
   */
  public KinesisSourceConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    if (streams().isEmpty() && streamPattern() == null) {
      throw new ConfigException(STREAMS, "", "name at least one stream, or set " + STREAM_PATTERN);
    }
    if (position() == Position.AT_TIMESTAMP && getString(POSITION_TIMESTAMP).isBlank()) {
      throw new ConfigException(POSITION_TIMESTAMP, "", "AT_TIMESTAMP needs a timestamp");
    }
    if (partitioning() != Partitioning.KEY && partitions() < 1) {
      throw new ConfigException(PARTITIONS, partitions(), partitioning() + " needs it >= 1");
    }
  }

  /**
   * The streams named in {@code kinesis.streams}.
   *
   * @return the names, possibly empty
   */
  public List<String> streams() {
    return getList(STREAMS).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * The pattern of {@code kinesis.stream.pattern}.
   *
   * @return the pattern, or null if none is set
   */
  public Pattern streamPattern() {
    String p = getString(STREAM_PATTERN);
    return p.isBlank() ? null : Pattern.compile(p);
  }

  /**
   * The start position of a shard with no stored offset.
   *
   * @return the position
   */
  public Position position() {
    return Position.valueOf(getString(POSITION).toUpperCase(Locale.ROOT));
  }

  /**
   * The instant of AT_TIMESTAMP.
   *
   * @return the instant, or null if none is set
   */
  public Instant positionTimestamp() {
    String s = getString(POSITION_TIMESTAMP);
    return s.isBlank() ? null : Instant.parse(s.trim());
  }

  /**
   * Whether records come by enhanced fan-out.
   *
   * @return true for fanout, false for polling
   */
  public boolean fanOut() {
    return "fanout".equalsIgnoreCase(getString(READER));
  }

  /**
   * The stream consumer name for enhanced fan-out.
   *
   * @return the name
   */
  public String consumerName() {
    return getString(CONSUMER_NAME);
  }

  /**
   * The Kafka topic of a stream.
   *
   * @param stream the stream's name
   * @return the topic name
   */
  public String topic(String stream) {
    return getString(TOPIC_TEMPLATE).replace("${stream}", stream);
  }

  /**
   * How a record's Kafka partition is chosen.
   *
   * @return the partitioning
   */
  public Partitioning partitioning() {
    return Partitioning.valueOf(getString(PARTITIONING).toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /**
   * The target topics' partition count.
   *
   * @return the count, 0 if not set
   */
  public int partitions() {
    return getInt(PARTITIONS);
  }

  /**
   * Whether KPL aggregates are split.
   *
   * @return true to de-aggregate
   */
  public boolean deaggregate() {
    return getBoolean(DEAGGREGATE);
  }

  /**
   * The Kinesis headers each copied record carries.
   *
   * @return the chosen headers
   */
  public java.util.Set<Header> headers() {
    java.util.EnumSet<Header> set = java.util.EnumSet.noneOf(Header.class);
    for (String h : getList(HEADERS)) {
      set.add(Header.of(h.trim(), HEADERS));
    }
    return set;
  }

  /** The Kinesis headers a copied record can carry, by Kafka header name. */
  public enum Header {
    /** The stream's name (a string). */
    STREAM("kinesis.stream"),
    /** The shard id (a string). */
    SHARD_ID("kinesis.shard.id"),
    /** The Kinesis record's sequence number (a decimal string). */
    SEQUENCE_NUMBER("kinesis.sequence.number"),
    /** The user record's place in its KPL aggregate, 0 if not aggregated (an int64). */
    SUB_SEQUENCE_NUMBER("kinesis.sub.sequence.number"),
    /** ApproximateArrivalTimestamp in epoch milliseconds (an int64; also the record timestamp). */
    ARRIVAL_TIMESTAMP("kinesis.arrival.timestamp"),
    /** The explicit hash key, when the record had one (a decimal string). */
    EXPLICIT_HASH_KEY("kinesis.explicit.hash.key");

    private final String headerName;

    Header(String headerName) {
      this.headerName = headerName;
    }

    /**
     * The Kafka header's name.
     *
     * @return the name, e.g. {@code kinesis.sequence.number}
     */
    public String headerName() {
      return headerName;
    }

    static List<String> names() {
      List<String> names = new java.util.ArrayList<>();
      for (Header h : values()) {
        names.add(h.headerName);
      }
      return names;
    }

    static Header of(String name, String setting) {
      for (Header h : values()) {
        if (h.headerName.equals(name)) {
          return h;
        }
      }
      throw new org.apache.kafka.common.config.ConfigException(
          setting, name, "is not one of " + String.join(", ", names()));
    }
  }

  /**
   * The GetRecords limit.
   *
   * @return records per call
   */
  public int recordsLimit() {
    return getInt(RECORDS_LIMIT);
  }

  /**
   * The wait of an idle shard.
   *
   * @return the interval
   */
  public Duration idleInterval() {
    return Duration.ofMillis(getLong(IDLE_INTERVAL));
  }

  /**
   * The shard discovery interval.
   *
   * @return the interval
   */
  public Duration discoveryInterval() {
    return Duration.ofMillis(getLong(DISCOVERY_INTERVAL));
  }

  /**
   * How often a child checks its parents.
   *
   * @return the interval
   */
  public Duration parentCheckInterval() {
    return Duration.ofMillis(getLong(PARENT_CHECK_INTERVAL));
  }

  /**
   * The first back-off.
   *
   * @return the duration
   */
  public Duration backoffInitial() {
    return Duration.ofMillis(getLong(BACKOFF_INITIAL));
  }

  /**
   * The longest back-off.
   *
   * @return the duration
   */
  public Duration backoffMax() {
    return Duration.ofMillis(getLong(BACKOFF_MAX));
  }

  private static void validatePattern(String name, Object value) {
    String s = value == null ? "" : value.toString();
    try {
      Pattern.compile(s);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(name, value, "is not a regular expression: " + e.getDescription());
    }
  }

  private static void validateInstant(String name, Object value) {
    String s = value == null ? "" : value.toString().trim();
    if (s.isEmpty()) {
      return;
    }
    try {
      Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          name, value, "is not an ISO-8601 instant like 2026-12-01T00:00:00Z");
    }
  }
}
