package io.kinesisonkafka.bench.engine;

import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The records both sides put: random (incompressible) data of a fixed size under a random UUID
 * partition key each, in PutRecords-sized batches. Built once before measuring, so generating data
 * costs neither side; batch {@code i} is pool entry {@code i mod pool size}.
 */
final class Workload {
  static final int BATCH_RECORDS = 500;

  private final int recordBytes;
  private final List<List<PutRecordsEntry>> pool;

  Workload(int recordBytes, int distinctBatches, long seed) {
    this.recordBytes = recordBytes;
    SplittableRandom random = new SplittableRandom(seed);
    List<List<PutRecordsEntry>> batches = new ArrayList<>(distinctBatches);
    for (int b = 0; b < distinctBatches; b++) {
      List<PutRecordsEntry> batch = new ArrayList<>(BATCH_RECORDS);
      for (int r = 0; r < BATCH_RECORDS; r++) {
        byte[] data = new byte[recordBytes];
        random.nextBytes(data);
        String key = new UUID(random.nextLong(), random.nextLong()).toString();
        batch.add(PutRecordsEntry.of(key, data));
      }
      batches.add(List.copyOf(batch));
    }
    this.pool = List.copyOf(batches);
  }

  int recordBytes() {
    return recordBytes;
  }

  List<PutRecordsEntry> batch(long index) {
    return pool.get((int) (index % pool.size()));
  }

  /** Whole batches needed for at least {@code records} records. */
  static long batchesFor(long records) {
    return (records + BATCH_RECORDS - 1) / BATCH_RECORDS;
  }
}
