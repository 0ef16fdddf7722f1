package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.adapter.internals.kafka.KafkaSettings;
import io.kinesisonkafka.bench.Throughput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The baseline: plain kafka-clients on a plain topic, with the client settings the server gives its
 * own producer and readers ({@link KafkaSettings}: acks=all, idempotent, the same batch size and
 * linger), so the comparison measures what the server and the HTTP API add. One {@link
 * KafkaProducer} shared by the putting threads, as the server shares one; a batch is 500 sends
 * followed by waiting for all 500 acks, the work of one PutRecords call.
 */
final class KafkaTarget implements Target {
  /** The server's largest record (10 MiB), which sets its producer's max.request.size. */
  private static final int MAX_RECORD_BYTES = 10 * 1024 * 1024;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

  private final KafkaSettings settings;
  private final Map<String, Object> producerSettings;
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;
  private String topic;
  private int partitions;

  KafkaTarget(String bootstrapServers) {
    settings =
        new KafkaSettings(
            CatalogSettings.custom().bootstrapServers(bootstrapServers).build(), "bench-raw");
    producerSettings = settings.producer("producer", MAX_RECORD_BYTES);
    admin = Admin.create(settings.admin("admin"));
    producer = new KafkaProducer<>(producerSettings);
  }

  @Override
  public String label() {
    return "kafka-clients";
  }

  KafkaSettings settings() {
    return settings;
  }

  KafkaProducer<byte[], byte[]> producer() {
    return producer;
  }

  /** The producer settings that matter for throughput, for the benchmark's description. */
  String producerSummary() {
    List<String> parts = new ArrayList<>();
    for (String key :
        List.of(
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.LINGER_MS_CONFIG,
            ProducerConfig.BATCH_SIZE_CONFIG,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)) {
      parts.add(key + "=" + producerSettings.get(key));
    }
    return String.join(", ", parts);
  }

  @Override
  public void prepare(String name, int shards) throws Exception {
    topic = name;
    partitions = shards;
    createTopic(name, shards);
  }

  /**
   * Creates a topic and waits until every partition's leader answers listOffsets: producing before
   * that can hit the idempotent producer's new-partition bug (see the embedded-kafka reference).
   */
  void createTopic(String name, int shards) throws Exception {
    admin
        .createTopics(List.of(new NewTopic(name, Optional.of(shards), Optional.empty())))
        .all()
        .get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < shards; p++) {
      latest.put(new TopicPartition(name, p), OffsetSpec.latest());
    }
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try {
        admin.listOffsets(latest).all().get();
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + name + " not ready", e);
        }
        Thread.sleep(50);
      }
    }
  }

  void deleteTopic(String name) throws Exception {
    admin.deleteTopics(List.of(name)).all().get();
  }

  @Override
  public void put(Payload.Batch batch) throws InterruptedException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(batch.keys().size());
    for (int i = 0; i < batch.keys().size(); i++) {
      acks.add(
          producer.send(new ProducerRecord<>(topic, batch.keys().get(i), batch.values().get(i))));
    }
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("send failed: " + e.getCause(), e.getCause());
      }
    }
  }

  /** One consumer assigned all partitions on a thread of its own, timed from creating it. */
  @Override
  public Throughput drain(long records, long bytes) throws InterruptedException {
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                outcome.set(drainHere(records, bytes));
              } catch (Throwable t) {
                outcome.set(t);
              } finally {
                CpuSplit.addCurrentThread();
              }
            },
            "bench-raw-get");
    reader.start();
    reader.join();
    if (outcome.get() instanceof Throughput t) {
      return t;
    }
    Throwable failure = (Throwable) outcome.get();
    throw new IllegalStateException("consumer failed: " + failure, failure);
  }

  private Throughput drainHere(long records, long bytes) {
    List<TopicPartition> all = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      all.add(new TopicPartition(topic, p));
    }
    long readRecords = 0;
    long readBytes = 0;
    long begin = System.nanoTime();
    long deadline = begin + DRAIN_TIMEOUT.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(settings.reader("consumer", SdkTarget.GET_LIMIT, 50))) {
      consumer.assign(all);
      consumer.seekToBeginning(all);
      while (readRecords < records && System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<byte[], byte[]> r : polled) {
          readBytes += r.value().length;
        }
        readRecords += polled.count();
      }
      long elapsed = System.nanoTime() - begin;
      Reads.check(label(), records, bytes, readRecords, readBytes);
      return new Throughput(readRecords, readBytes, elapsed);
    }
  }

  @Override
  public void cleanup() throws Exception {
    deleteTopic(topic);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
    admin.close(Duration.ofSeconds(10));
  }
}
