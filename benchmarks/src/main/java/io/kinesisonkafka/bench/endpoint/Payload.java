package io.kinesisonkafka.bench.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The records both sides put: random (incompressible) data of a fixed size under a random UUID
 * partition key each, in batches of {@value #BATCH_RECORDS}. Built once before measuring, as SDK
 * entries and as Kafka key/value arrays over the same bytes, so generating data costs neither side;
 * batch {@code i} is pool entry {@code i mod pool size}.
 */
final class Payload {
  static final int BATCH_RECORDS = 500;

  /** One batch in both forms. */
  record Batch(List<PutRecordsRequestEntry> entries, List<byte[]> keys, List<byte[]> values) {}

  private final int recordBytes;
  private final List<Batch> pool;

  Payload(int recordBytes, int distinctBatches, long seed) {
    this.recordBytes = recordBytes;
    SplittableRandom random = new SplittableRandom(seed);
    List<Batch> batches = new ArrayList<>(distinctBatches);
    for (int b = 0; b < distinctBatches; b++) {
      List<PutRecordsRequestEntry> entries = new ArrayList<>(BATCH_RECORDS);
      List<byte[]> keys = new ArrayList<>(BATCH_RECORDS);
      List<byte[]> values = new ArrayList<>(BATCH_RECORDS);
      for (int r = 0; r < BATCH_RECORDS; r++) {
        byte[] data = new byte[recordBytes];
        random.nextBytes(data);
        String key = new UUID(random.nextLong(), random.nextLong()).toString();
        entries.add(
            PutRecordsRequestEntry.builder()
                .partitionKey(key)
                .data(SdkBytes.fromByteArrayUnsafe(data))
                .build());
        keys.add(key.getBytes(StandardCharsets.UTF_8));
        values.add(data);
      }
      batches.add(new Batch(List.copyOf(entries), List.copyOf(keys), List.copyOf(values)));
    }
    this.pool = List.copyOf(batches);
  }

  int recordBytes() {
    return recordBytes;
  }

  Batch batch(long index) {
    return pool.get((int) (index % pool.size()));
  }

  /** Whole batches needed for at least {@code records} records. */
  static long batchesFor(long records) {
    return (records + BATCH_RECORDS - 1) / BATCH_RECORDS;
  }
}
