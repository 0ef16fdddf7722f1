package io.kinesisonkafka.bench;

/**
 * What one measured pass moved: records, payload bytes and the wall-clock time it took.
 *
 * @param records records moved
 * @param bytes payload bytes moved (record data, not keys or Kafka overhead)
 * @param nanos elapsed wall-clock time
 */
public record Throughput(long records, long bytes, long nanos) {

  public Throughput {
    if (records < 0 || bytes < 0 || nanos <= 0) {
      throw new IllegalArgumentException(
          "records " + records + ", bytes " + bytes + ", nanos " + nanos);
    }
  }

  public double recordsPerSecond() {
    return records * 1e9 / nanos;
  }

  /** Payload megabytes (10^6 bytes) per second. */
  public double megabytesPerSecond() {
    return bytes * 1e3 / nanos;
  }

  public double seconds() {
    return nanos / 1e9;
  }

  /** The faster of two passes. */
  public static Throughput faster(Throughput a, Throughput b) {
    return a.recordsPerSecond() >= b.recordsPerSecond() ? a : b;
  }
}
