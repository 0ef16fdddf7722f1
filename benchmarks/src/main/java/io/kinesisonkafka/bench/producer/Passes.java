package io.kinesisonkafka.bench.producer;

import io.kinesisonkafka.bench.CpuMeter;
import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.producer.KinesisProducer;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import io.kinesisonkafka.producer.internals.ProducerCore;
import io.kinesisonkafka.producer.internals.kafka.RecordSink;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Runs one case on both sides, in the order asked, and prints each pass. */
final class Passes {
  private static final int KEYS = 100_000;
  private static final int PAYLOADS = 1024;

  private final PrintStream out;
  private final int threads;
  private final String bootstrap;
  private final KinesisProducerConfig base;
  private final Consumer<String> createStream;
  private final String[] keys = new String[KEYS];
  private int pass;

  Passes(
      PrintStream out,
      int threads,
      String bootstrap,
      KinesisProducerConfig base,
      Consumer<String> createStream) {
    this.out = out;
    this.threads = threads;
    this.bootstrap = bootstrap;
    this.base = base;
    this.createStream = createStream;
    Random random = new Random(7);
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < KEYS; i++) {
      StringBuilder key = new StringBuilder(20);
      for (int c = 0; c < 20; c++) {
        key.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      keys[i] = key.toString();
    }
  }

  /** Both sides of a case; returns {ours, raw}. */
  Throughput[] run(String label, ProducerBenchmark.Case c, long records, boolean oursFirst)
      throws Exception {
    byte[][] payloads = payloads(c.recordBytes());
    Throughput ours;
    Throughput raw;
    CpuMeter.Snapshot oursCpu;
    CpuMeter.Snapshot rawCpu;
    if (oursFirst) {
      CpuMeter.Snapshot before = CpuMeter.snapshot();
      ours = ours(c, records, payloads);
      CpuMeter.Snapshot between = CpuMeter.snapshot();
      raw = raw(records, payloads);
      oursCpu = between.minus(before);
      rawCpu = CpuMeter.snapshot().minus(between);
    } else {
      CpuMeter.Snapshot before = CpuMeter.snapshot();
      raw = raw(records, payloads);
      CpuMeter.Snapshot between = CpuMeter.snapshot();
      ours = ours(c, records, payloads);
      rawCpu = between.minus(before);
      oursCpu = CpuMeter.snapshot().minus(between);
    }
    out.printf(
        Locale.ROOT,
        "%-8s %-16s producer-lib %,11.0f rec/s (cpu %s)   KafkaProducer %,11.0f rec/s (cpu %s)"
            + "   ratio %.2f%n",
        label,
        c.name(),
        ours.recordsPerSecond(),
        oursCpu.perRecord(records),
        raw.recordsPerSecond(),
        rawCpu.perRecord(records),
        ours.recordsPerSecond() / raw.recordsPerSecond());
    return new Throughput[] {ours, raw};
  }

  private static byte[][] payloads(int size) {
    Random random = new Random(size);
    byte[][] payloads = new byte[PAYLOADS][size];
    for (byte[] p : payloads) {
      random.nextBytes(p);
    }
    return payloads;
  }

  private Throughput ours(ProducerBenchmark.Case c, long records, byte[][] payloads)
      throws Exception {
    String stream = "bench-" + (++pass) + "-" + c.name().toLowerCase(java.util.Locale.ROOT);
    createStream.accept(stream);
    KinesisProducerConfig config = base.toBuilder().aggregationEnabled(c.aggregated()).build();
    try (KinesisProducer producer = new KinesisProducer(config)) {
      long start = System.nanoTime();
      drive(
          records,
          i ->
              producer.addUserRecord(
                  stream, keys[(int) (i % KEYS)], null, payloads[(int) (i % PAYLOADS)]));
      producer.flushSync();
      long nanos = System.nanoTime() - start;
      double put = producer.metrics().get("UserRecordsPut").functionCounter().count();
      if (put != records) {
        throw new IllegalStateException("producer-lib put " + put + " of " + records);
      }
      return new Throughput(records, records * c.recordBytes(), nanos);
    }
  }

  private Throughput raw(long records, byte[][] payloads) throws Exception {
    String topic = "raw-" + (++pass);
    createStream.accept(topic);
    String fullTopic = base.topicPrefix() + topic;
    KinesisProducerConfig unaggregated = base.toBuilder().aggregationEnabled(false).build();
    Map<String, Object> settings =
        new HashMap<>(
            RecordSink.settings(unaggregated, ProducerCore.catalogSettings(unaggregated)));
    // The same String partition keys producer-lib gets, serialized as a Kafka user would.
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    AtomicLong failed = new AtomicLong();
    Callback callback =
        (metadata, error) -> {
          if (error != null) {
            failed.incrementAndGet();
          }
        };
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
      long start = System.nanoTime();
      drive(
          records,
          i ->
              producer.send(
                  new ProducerRecord<>(
                      fullTopic, keys[(int) (i % KEYS)], payloads[(int) (i % PAYLOADS)]),
                  callback));
      producer.flush();
      long nanos = System.nanoTime() - start;
      if (failed.get() > 0) {
        throw new IllegalStateException("KafkaProducer failed " + failed.get() + " records");
      }
      return new Throughput(records, records * payloads[0].length, nanos);
    }
  }

  /** Calls {@code send} for record numbers 0..records-1, split over the threads. */
  private void drive(long records, java.util.function.LongConsumer send) throws Exception {
    Thread[] workers = new Thread[threads];
    Throwable[] failure = new Throwable[1];
    for (int t = 0; t < threads; t++) {
      long from = records * t / threads;
      long to = records * (t + 1) / threads;
      workers[t] =
          new Thread(
              () -> {
                try {
                  for (long i = from; i < to; i++) {
                    send.accept(i);
                  }
                } catch (Throwable e) {
                  synchronized (failure) {
                    failure[0] = e;
                  }
                }
              },
              "bench-sender-" + t);
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    if (failure[0] != null) {
      throw new IllegalStateException("a sender failed", failure[0]);
    }
  }
}
