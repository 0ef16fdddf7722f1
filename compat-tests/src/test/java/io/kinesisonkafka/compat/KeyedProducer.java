package io.kinesisonkafka.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Puts records over a fixed set of partition keys with PutRecords, one request at a time, so that
 * each key's records are written in the order of their counter: payload {@code key-07#000042} is
 * the 43rd record of key {@code key-07}. Not thread-safe.
 */
final class KeyedProducer {
  private static final int BATCH = 100;

  /** How a batch of (partition key, data) pairs reaches the stream; fails the test if any fails. */
  interface Putter {
    void put(String stream, List<Map.Entry<String, String>> records);
  }

  /** PutRecords through the AWS SDK. */
  static Putter putRecords(KinesisClient kinesis) {
    return (stream, records) -> {
      List<PutRecordsRequestEntry> entries = new ArrayList<>();
      for (Map.Entry<String, String> r : records) {
        entries.add(
            PutRecordsRequestEntry.builder()
                .partitionKey(r.getKey())
                .data(SdkBytes.fromUtf8String(r.getValue()))
                .build());
      }
      PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(entries));
      assertThat(response.failedRecordCount())
          .as("failed records in %s", response.records())
          .isZero();
    };
  }

  private final Putter putter;
  private final String stream;
  private final List<String> keys = new ArrayList<>();
  private final Map<String, List<String>> sentByKey = new LinkedHashMap<>();
  private final List<String> sent = new ArrayList<>();
  private int next;

  KeyedProducer(Putter putter, String stream, int keyCount) {
    this.putter = putter;
    this.stream = stream;
    for (int i = 0; i < keyCount; i++) {
      String key = String.format("key-%02d", i);
      keys.add(key);
      sentByKey.put(key, new ArrayList<>());
    }
  }

  /** Puts {@code count} records round-robin over the keys, pausing between requests. */
  void put(int count, Duration pauseBetweenRequests) {
    List<Map.Entry<String, String>> batch = new ArrayList<>();
    List<String> batchData = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = keys.get(next++ % keys.size());
      String data = String.format("%s#%06d", key, sentByKey.get(key).size());
      sentByKey.get(key).add(data);
      batch.add(Map.entry(key, data));
      batchData.add(data);
      if (batch.size() == BATCH || i == count - 1) {
        putter.put(stream, List.copyOf(batch));
        sent.addAll(batchData);
        batch.clear();
        batchData.clear();
        pause(pauseBetweenRequests);
      }
    }
  }

  /** Every payload put so far. */
  List<String> sent() {
    return List.copyOf(sent);
  }

  Map<String, List<String>> sentByKey() {
    return sentByKey;
  }

  static String keyOf(String data) {
    return data.substring(0, data.indexOf('#'));
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
