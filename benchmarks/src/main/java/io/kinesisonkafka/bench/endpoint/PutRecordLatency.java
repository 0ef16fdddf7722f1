package io.kinesisonkafka.bench.endpoint;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * PutRecord latency: sequential single puts of one record from one thread, each timed from the call
 * to its return (acknowledged by the broker), after unmeasured warm-up puts. The baseline is {@code
 * KafkaProducer.send(record).get()} with the same records.
 */
final class PutRecordLatency {
  private final Payload payload;
  private final int warmup;
  private final int samples;

  PutRecordLatency(Payload payload, int warmup, int samples) {
    this.payload = payload;
    this.warmup = warmup;
    this.samples = samples;
  }

  /** The unmeasured puts that come before {@link #sdk}. */
  void warmUp(KinesisClient kinesis, String stream) {
    for (int i = -warmup; i < 0; i++) {
      put(kinesis, stream, i);
    }
  }

  /** The measured puts, after {@link #warmUp}. */
  Latency sdk(KinesisClient kinesis, String stream) {
    long[] nanos = new long[samples];
    for (int i = 0; i < samples; i++) {
      long begin = System.nanoTime();
      put(kinesis, stream, i);
      nanos[i] = System.nanoTime() - begin;
    }
    return Latency.of(nanos);
  }

  private void put(KinesisClient kinesis, String stream, int i) {
    PutRecordsRequestEntry e = entry(i);
    kinesis.putRecord(r -> r.streamName(stream).partitionKey(e.partitionKey()).data(e.data()));
  }

  /**
   * The SDK's own split of such calls: as many more puts through a client that publishes its
   * metrics (after the measured ones, so publishing them costs those nothing).
   */
  Map<String, Latency> sdkParts(KinesisClient instrumented, SdkCallMetrics metrics, String stream) {
    warmUp(instrumented, stream);
    metrics.clear();
    sdk(instrumented, stream);
    return metrics.latencies();
  }

  /** The unmeasured sends that come before {@link #kafka}. */
  void warmUpKafka(KafkaProducer<byte[], byte[]> producer, String topic)
      throws InterruptedException, ExecutionException {
    for (int i = -warmup; i < 0; i++) {
      send(producer, topic, i);
    }
  }

  /** The measured sends, after {@link #warmUpKafka}. */
  Latency kafka(KafkaProducer<byte[], byte[]> producer, String topic)
      throws InterruptedException, ExecutionException {
    long[] nanos = new long[samples];
    for (int i = 0; i < samples; i++) {
      long begin = System.nanoTime();
      send(producer, topic, i);
      nanos[i] = System.nanoTime() - begin;
    }
    return Latency.of(nanos);
  }

  private void send(KafkaProducer<byte[], byte[]> producer, String topic, int i)
      throws InterruptedException, ExecutionException {
    int n = index(i);
    Payload.Batch batch = payload.batch(n / Payload.BATCH_RECORDS);
    producer
        .send(
            new ProducerRecord<>(
                topic,
                batch.keys().get(n % Payload.BATCH_RECORDS),
                batch.values().get(n % Payload.BATCH_RECORDS)))
        .get();
  }

  private PutRecordsRequestEntry entry(int i) {
    int n = index(i);
    return payload.batch(n / Payload.BATCH_RECORDS).entries().get(n % Payload.BATCH_RECORDS);
  }

  private int index(int i) {
    return i + warmup;
  }
}
