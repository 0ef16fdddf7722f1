package io.kinesisonkafka.consumer.internals;

import java.util.List;

/**
 * A run of one shard's fetched records in offset order, read by index: the Kafka-facing package
 * exposes its ConsumerRecords through it without copying them into other objects (that copy was a
 * sixth of the worker's time when draining).
 */
public interface FetchedBatch {
  int size();

  long offset(int i);

  long timestampMillis(int i);

  /** The partition key, UTF-8; may be null. */
  byte[] key(int i);

  /** The data; may be null. */
  byte[] value(int i);

  /** The explicit hash key header, or null. */
  String explicitHashKey(int i);

  /** A batch over records already in memory (the test driver's). */
  static FetchedBatch of(List<FetchedRecord> records) {
    return new FetchedBatch() {
      @Override
      public int size() {
        return records.size();
      }

      @Override
      public long offset(int i) {
        return records.get(i).offset();
      }

      @Override
      public long timestampMillis(int i) {
        return records.get(i).timestampMillis();
      }

      @Override
      public byte[] key(int i) {
        return records.get(i).key();
      }

      @Override
      public byte[] value(int i) {
        return records.get(i).value();
      }

      @Override
      public String explicitHashKey(int i) {
        return records.get(i).explicitHashKey();
      }
    };
  }
}
