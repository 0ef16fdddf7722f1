package io.kinesisonkafka.firehose.internals.delivery;

import java.time.Instant;
import java.util.List;

/**
 * The records of one source partition between two offsets, delivered as one object. Its bounds are
 * recorded in Kafka before it is delivered, so that a restart cuts the same batch again.
 *
 * @param stream the delivery stream
 * @param partition the source partition
 * @param firstOffset the first offset it covers
 * @param endOffset the offset after the last it covers: where reading resumes once delivered
 * @param records its records, in offset order
 */
public record Batch(
    String stream, int partition, long firstOffset, long endOffset, List<BufferedRecord> records) {

  public Batch {
    records = List.copyOf(records);
  }

  /** Arrival time of the oldest record: what the prefix's timestamp expressions evaluate. */
  public Instant oldestArrival() {
    long oldest = Long.MAX_VALUE;
    for (BufferedRecord r : records) {
      oldest = Math.min(oldest, r.arrivalMillis());
    }
    return Instant.ofEpochMilli(oldest == Long.MAX_VALUE ? 0 : oldest);
  }

  public long bytes() {
    long n = 0;
    for (BufferedRecord r : records) {
      n += r.data().length;
    }
    return n;
  }
}
