package io.kinesisonkafka.adapter;

/**
 * Per-shard throughput limits, enforced per engine instance with
 * ProvisionedThroughputExceededException. Kinesis' provisioned limits by default; {@link #off()}
 * for benchmarks and bulk loads.
 */
public record ShardLimits(
    boolean enabled,
    long writeBytesPerSecond,
    long writeRecordsPerSecond,
    long readBytesPerSecond,
    long readCallsPerSecond) {

  public ShardLimits {
    if (enabled
        && (writeBytesPerSecond <= 0
            || writeRecordsPerSecond <= 0
            || readBytesPerSecond <= 0
            || readCallsPerSecond <= 0)) {
      throw new IllegalArgumentException("shard limits must be > 0 when enabled");
    }
  }

  /** 1 MiB/s and 1,000 records/s written, 2 MiB/s and 5 calls/s read, per shard. */
  public static ShardLimits kinesisDefaults() {
    return new ShardLimits(true, 1024 * 1024, 1000, 2 * 1024 * 1024, 5);
  }

  public static ShardLimits off() {
    return new ShardLimits(false, 0, 0, 0, 0);
  }
}
