package io.kinesisonkafka.bench.endpoint;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
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
 *
 * <p>The warm-up is the fixed number of calls asked for, then more in chunks until the JIT goes
 * quiet (a chunk during which the JVM compiled for less than {@value #QUIET_COMPILE_MILLIS} ms, at
 * most {@value #MAX_EXTRA_CHUNKS} chunks): a p99 is a steady-state figure, and on 2 cores a C2
 * compilation of the SDK's, Netty's or the server's code during the measured calls took the core
 * they ran on (the JVM still made 30–120 C2 compilations per 10 s two minutes into a run). The
 * compilation time during the measured calls is reported with them.
 */
final class PutRecordLatency {
  /** Calls per chunk of the warm-up's quiet check (about half a second of PutRecord calls). */
  static final int CHUNK = 1_000;

  /** What a chunk may compile for and still count as quiet. */
  static final long QUIET_COMPILE_MILLIS = 20;

  static final int MAX_EXTRA_CHUNKS = 60;

  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  private final Payload payload;
  private final int warmup;
  private final int samples;

  /** Calls the quiet check added to the fixed warm-up, per side, for the report. */
  private int sdkExtra;

  private int kafkaExtra;

  /** Milliseconds the JVM compiled for during the last measured calls of each side. */
  private long sdkCompileMillis;

  private long kafkaCompileMillis;

  PutRecordLatency(Payload payload, int warmup, int samples) {
    this.payload = payload;
    this.warmup = warmup;
    this.samples = samples;
  }

  /** The unmeasured puts that come before {@link #sdk}, until the JIT is quiet. */
  void warmUp(KinesisClient kinesis, String stream) {
    fixedWarmUp(kinesis, stream);
    sdkExtra = untilQuiet(i -> put(kinesis, stream, i));
  }

  private void fixedWarmUp(KinesisClient kinesis, String stream) {
    for (int i = -warmup; i < 0; i++) {
      put(kinesis, stream, i);
    }
  }

  /** The measured puts, after {@link #warmUp}. */
  Latency sdk(KinesisClient kinesis, String stream) {
    long compiledBefore = JIT.getTotalCompilationTime();
    Latency l = timed(kinesis, stream);
    sdkCompileMillis = JIT.getTotalCompilationTime() - compiledBefore;
    return l;
  }

  private Latency timed(KinesisClient kinesis, String stream) {
    long[] nanos = new long[samples];
    for (int i = 0; i < samples; i++) {
      long begin = System.nanoTime();
      put(kinesis, stream, i);
      nanos[i] = System.nanoTime() - begin;
    }
    return Latency.of(nanos);
  }

  /** A call of the warm-up's quiet check, with an index into the payload. */
  private interface Call {
    void make(int i) throws Exception;
  }

  /**
   * Makes calls in chunks of {@link #CHUNK} until one compiles for less than {@link
   * #QUIET_COMPILE_MILLIS}; none when no warm-up was asked for. Returns the calls made.
   */
  private int untilQuiet(Call call) {
    if (warmup == 0) {
      return 0;
    }
    int made = 0;
    for (int chunk = 0; chunk < MAX_EXTRA_CHUNKS; chunk++) {
      long before = JIT.getTotalCompilationTime();
      for (int k = 0; k < CHUNK; k++) {
        try {
          // indices past the measured ones; the payload's batches repeat
          call.make(samples + made);
        } catch (Exception e) {
          throw new IllegalStateException("a warm-up call failed", e);
        }
        made++;
      }
      if (JIT.getTotalCompilationTime() - before < QUIET_COMPILE_MILLIS) {
        break;
      }
    }
    return made;
  }

  /** How the warm-up ended and what the JIT did during the measured calls, for the report. */
  String describeWarmUp() {
    return String.format(
        java.util.Locale.ROOT,
        "warm-up %,d + %,d / %,d + %,d calls (server+sdk / kafka-clients; the second figure:"
            + " chunks of %,d until one compiled < %d ms, at most %d), JIT during the measured"
            + " calls %d / %d ms",
        warmup,
        sdkExtra,
        warmup,
        kafkaExtra,
        CHUNK,
        QUIET_COMPILE_MILLIS,
        MAX_EXTRA_CHUNKS,
        sdkCompileMillis,
        kafkaCompileMillis);
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
    fixedWarmUp(instrumented, stream);
    metrics.clear();
    timed(instrumented, stream);
    return metrics.latencies();
  }

  /** The unmeasured sends that come before {@link #kafka}, until the JIT is quiet. */
  void warmUpKafka(KafkaProducer<byte[], byte[]> producer, String topic)
      throws InterruptedException, ExecutionException {
    for (int i = -warmup; i < 0; i++) {
      send(producer, topic, i);
    }
    kafkaExtra = untilQuiet(i -> send(producer, topic, i));
  }

  /** The measured sends, after {@link #warmUpKafka}. */
  Latency kafka(KafkaProducer<byte[], byte[]> producer, String topic)
      throws InterruptedException, ExecutionException {
    long[] nanos = new long[samples];
    long compiledBefore = JIT.getTotalCompilationTime();
    for (int i = 0; i < samples; i++) {
      long begin = System.nanoTime();
      send(producer, topic, i);
      nanos[i] = System.nanoTime() - begin;
    }
    kafkaCompileMillis = JIT.getTotalCompilationTime() - compiledBefore;
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
