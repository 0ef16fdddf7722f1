package io.kinesisonkafka.adapter;

/**
 * Per-shard throughput limits, enforced with ProvisionedThroughputExceededException for the stream
 * as a whole: the engines on one Kafka cluster (one catalog) divide each shard's limit among those
 * that served the shard in the last ten seconds, learnt from each other's heartbeats. When one more
 * engine starts serving a shard, the others take a second or so to learn it, and until then the
 * shard may take up to (1 + 1/n) times its limit, n being the engines serving it; when an engine
 * stops or dies, its share stays unused for up to ten seconds. Kinesis' provisioned limits by
 * default; {@link #off()} for benchmarks and bulk loads.
 *
 * @param enabled whether the limits are enforced at all
 * @param writeBytesPerSecond bytes a shard takes per second (data plus partition keys)
 * @param writeRecordsPerSecond records a shard takes per second
 * @param readBytesPerSecond bytes GetRecords returns from a shard per second
 * @param readCallsPerSecond GetRecords calls a shard answers per second
 */
public record ShardLimits(
    boolean enabled,
    long writeBytesPerSecond,
    long writeRecordsPerSecond,
    long readBytesPerSecond,
    long readCallsPerSecond) {

  /**
   * Checks the limits when they are enabled; disabled, any values are taken.
   *
   * @param enabled whether the limits are enforced at all
   * @param writeBytesPerSecond bytes a shard takes per second; greater than zero when enabled
   * @param writeRecordsPerSecond records a shard takes per second; greater than zero when enabled
   * @param readBytesPerSecond bytes GetRecords returns per shard and second; greater than zero when
   *     enabled
   * @param readCallsPerSecond GetRecords calls per shard and second; greater than zero when enabled
   * @throws IllegalArgumentException when enabled and a limit is not positive
   */
  public ShardLimits {
    if (enabled
        && (writeBytesPerSecond <= 0
            || writeRecordsPerSecond <= 0
            || readBytesPerSecond <= 0
            || readCallsPerSecond <= 0)) {
      throw new IllegalArgumentException("shard limits must be > 0 when enabled");
    }
  }

  /**
   * Kinesis' provisioned-mode limits, the engine's default.
   *
   * @return 1 MiB/s and 1,000 records/s written, 2 MiB/s and 5 calls/s read, per shard
   */
  public static ShardLimits kinesisDefaults() {
    return new ShardLimits(true, 1024 * 1024, 1000, 2 * 1024 * 1024, 5);
  }

  /**
   * No limits: every write and read is served as fast as Kafka does.
   *
   * @return disabled limits (all values zero)
   */
  public static ShardLimits off() {
    return new ShardLimits(false, 0, 0, 0, 0);
  }
}
