package io.kinesisonkafka.connect.sink;

import io.kinesisonkafka.connect.internals.KinesisAccess;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The sink connector's settings: one table ({@link #CONFIG_DEF}), read once into an immutable view.
 * The shared endpoint and credential settings ({@code kinesis.endpoint}, {@code aws.region}, {@code
 * aws.access.key.id}, {@code aws.secret.access.key}, {@code aws.assume.role.*}) come first. Sizes
 * beyond Kinesis' limits are refused.
 */
public final class KinesisSinkConfig extends AbstractConfig {
  /** Kinesis' limit on records per PutRecords call. */
  public static final int KINESIS_MAX_BATCH_RECORDS = 500;

  /** Kinesis' limit on a PutRecords call's size: 5 MiB. */
  public static final int KINESIS_MAX_BATCH_BYTES = 5 << 20;

  /** The largest record size a Kinesis stream can be configured to take: 10 MiB. */
  public static final int KINESIS_MAX_RECORD_BYTES = 10 << 20;

  /** The stream the records go to. */
  public static final String STREAM = "kinesis.stream";

  /** Where a record's partition key comes from: key, header or field. */
  public static final String PARTITION_KEY_FROM = "partition.key.from";

  /** The header or field name of {@code partition.key.from}. */
  public static final String PARTITION_KEY_NAME = "partition.key.name";

  /** A header holding an explicit hash key (decimal); empty: none. */
  public static final String EXPLICIT_HASH_KEY_HEADER = "explicit.hash.key.header";

  /** Whether records are packed into KPL aggregates. */
  public static final String AGGREGATION = "aggregation.enabled";

  /** The most records per PutRecords call. */
  public static final String BATCH_MAX_RECORDS = "batch.max.records";

  /** The most bytes per PutRecords call. */
  public static final String BATCH_MAX_BYTES = "batch.max.bytes";

  /** The stream's record size limit (data plus partition key). */
  public static final String RECORD_MAX_BYTES = "record.max.bytes";

  /** How long records may wait for a batch to fill. */
  public static final String LINGER = "batch.linger.ms";

  /** How records of one partition key may share a PutRecords call: strict or batch. */
  public static final String ORDERING = "ordering";

  /** The first back-off after a throttled or failed call. */
  public static final String BACKOFF_INITIAL = "kinesis.backoff.initial.ms";

  /** The longest back-off. */
  public static final String BACKOFF_MAX = "kinesis.backoff.max.ms";

  /** How long one batch may be retried before the task fails. */
  public static final String RETRY_TIMEOUT = "kinesis.retry.timeout.ms";

  /** Where a record's partition key comes from. */
  public enum PartitionKeyFrom {
    /** The record key (String, bytes as UTF-8, or any other value's string form). */
    KEY,
    /** A header named by {@code partition.key.name}. */
    HEADER,
    /** A field of a Struct or Map value named by {@code partition.key.name}. */
    FIELD
  }

  /** How records of one partition key may share a PutRecords call. */
  public enum Ordering {
    /**
     * At most one record per partition key in each call: a record that fails (throttled) is never
     * overtaken by a later record of its key that succeeded, so each key keeps its order.
     */
    STRICT,
    /**
     * Full calls; PutRecords gives no order between the entries of one call, so a partial failure
     * can put a key's later record before its retried earlier one.
     */
    BATCH
  }

  /** The settings table, with documentation, defaults and validators. */
  public static final ConfigDef CONFIG_DEF = define();

  private static ConfigDef define() {
    ConfigDef def = KinesisAccess.define(new ConfigDef());
    String group = "Sink";
    int order = 0;
    return def.define(
            STREAM,
            Type.STRING,
            ConfigDef.NO_DEFAULT_VALUE,
            new ConfigDef.NonEmptyString(),
            Importance.HIGH,
            "The Kinesis stream the records are put to.",
            group,
            ++order,
            ConfigDef.Width.MEDIUM,
            "Stream")
        .define(
            PARTITION_KEY_FROM,
            Type.STRING,
            "key",
            ConfigDef.CaseInsensitiveValidString.in("key", "header", "field"),
            Importance.HIGH,
            "Where a record's partition key comes from: the record key, a header or a field of the"
                + " value (partition.key.name).",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Partition key from")
        .define(
            PARTITION_KEY_NAME,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "The header or field that holds the partition key.",
            group,
            ++order,
            ConfigDef.Width.MEDIUM,
            "Partition key name")
        .define(
            EXPLICIT_HASH_KEY_HEADER,
            Type.STRING,
            "",
            Importance.LOW,
            "A header holding an explicit hash key (a decimal in [0, 2^128-1]); empty: none.",
            group,
            ++order,
            ConfigDef.Width.MEDIUM,
            "Explicit hash key header")
        .define(
            AGGREGATION,
            Type.BOOLEAN,
            false,
            Importance.MEDIUM,
            "Pack the waiting records of a partition key into one KPL aggregate (up to"
                + " record.max.bytes), which the KCL, consumer-lib and the source connector split"
                + " again.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Aggregation")
        .define(
            BATCH_MAX_RECORDS,
            Type.INT,
            KINESIS_MAX_BATCH_RECORDS,
            Range.between(1, KINESIS_MAX_BATCH_RECORDS),
            Importance.LOW,
            "The most records per PutRecords call (Kinesis takes at most 500).",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Batch records")
        .define(
            BATCH_MAX_BYTES,
            Type.INT,
            KINESIS_MAX_BATCH_BYTES,
            Range.between(1, KINESIS_MAX_BATCH_BYTES),
            Importance.LOW,
            "The most bytes (data plus partition keys) per PutRecords call (Kinesis takes at most"
                + " 5 MiB).",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Batch bytes")
        .define(
            RECORD_MAX_BYTES,
            Type.INT,
            1 << 20,
            Range.between(1, KINESIS_MAX_RECORD_BYTES),
            Importance.MEDIUM,
            "The stream's record size limit, data plus partition key (1 MiB by default, at most 10"
                + " MiB). A larger record goes to Connect's error handling.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Record bytes")
        .define(
            LINGER,
            Type.LONG,
            100L,
            Range.between(0, 60_000),
            Importance.LOW,
            "How long records may wait for a fuller PutRecords call.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Linger")
        .define(
            ORDERING,
            Type.STRING,
            "strict",
            ConfigDef.CaseInsensitiveValidString.in("strict", "batch"),
            Importance.MEDIUM,
            "strict: at most one record per partition key in each PutRecords call, so a throttled"
                + " record is never overtaken by a later record of its key. batch: full calls; a"
                + " partial failure can reorder a key's records.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Ordering")
        .define(
            BACKOFF_INITIAL,
            Type.LONG,
            100L,
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
            5_000L,
            Range.between(1, 600_000),
            Importance.LOW,
            "The longest back-off.",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Maximum back-off")
        .define(
            RETRY_TIMEOUT,
            Type.LONG,
            120_000L,
            Range.between(1_000, 3_600_000),
            Importance.LOW,
            "How long one batch may be retried before the task fails (keep it under the"
                + " consumer's max.poll.interval.ms).",
            group,
            ++order,
            ConfigDef.Width.SHORT,
            "Retry timeout");
  }

  /**
   * Parses and validates the settings.
   *
   * @param props the connector's configuration
   * @throws ConfigException if a setting is invalid
   */
  public KinesisSinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    if (partitionKeyFrom() != PartitionKeyFrom.KEY && partitionKeyName().isBlank()) {
      throw new ConfigException(
          PARTITION_KEY_NAME, "", "partition.key.from=" + partitionKeyFrom() + " needs a name");
    }
    if (recordMaxBytes() > batchMaxBytes()) {
      throw new ConfigException(
          RECORD_MAX_BYTES, recordMaxBytes(), "must not exceed batch.max.bytes " + batchMaxBytes());
    }
  }

  /**
   * The target stream.
   *
   * @return its name
   */
  public String stream() {
    return getString(STREAM);
  }

  /**
   * Where the partition key comes from.
   *
   * @return the source
   */
  public PartitionKeyFrom partitionKeyFrom() {
    return PartitionKeyFrom.valueOf(getString(PARTITION_KEY_FROM).toUpperCase(Locale.ROOT));
  }

  /**
   * The header or field name of the partition key.
   *
   * @return the name, possibly empty
   */
  public String partitionKeyName() {
    return getString(PARTITION_KEY_NAME);
  }

  /**
   * The explicit hash key header.
   *
   * @return its name, or null if none
   */
  public String explicitHashKeyHeader() {
    String h = getString(EXPLICIT_HASH_KEY_HEADER);
    return h.isBlank() ? null : h;
  }

  /**
   * Whether records are aggregated.
   *
   * @return true to aggregate
   */
  public boolean aggregation() {
    return getBoolean(AGGREGATION);
  }

  /**
   * Records per call.
   *
   * @return the most records per call
   */
  public int batchMaxRecords() {
    return getInt(BATCH_MAX_RECORDS);
  }

  /**
   * Bytes per call.
   *
   * @return the most bytes per call
   */
  public int batchMaxBytes() {
    return getInt(BATCH_MAX_BYTES);
  }

  /**
   * The record size limit.
   *
   * @return bytes, data plus partition key
   */
  public int recordMaxBytes() {
    return getInt(RECORD_MAX_BYTES);
  }

  /**
   * The linger.
   *
   * @return how long records may wait for a batch
   */
  public Duration linger() {
    return Duration.ofMillis(getLong(LINGER));
  }

  /**
   * The ordering mode.
   *
   * @return the mode
   */
  public Ordering ordering() {
    return Ordering.valueOf(getString(ORDERING).toUpperCase(Locale.ROOT));
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

  /**
   * How long a batch may be retried.
   *
   * @return the duration
   */
  public Duration retryTimeout() {
    return Duration.ofMillis(getLong(RETRY_TIMEOUT));
  }
}
