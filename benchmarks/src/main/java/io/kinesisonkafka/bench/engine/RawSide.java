package io.kinesisonkafka.bench.engine;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.adapter.internals.kafka.KafkaSettings;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.bench.Throughput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.apache.kafka.common.TopicPartition;

/**
 * The baseline: plain kafka-clients on a plain topic. One shared {@link KafkaProducer} and, for
 * reading, one {@link KafkaConsumer} assigned all partitions. Both get the client settings the
 * engine gives its own producer and readers ({@link KafkaSettings}), so the comparison measures
 * what the engine adds, not different tuning.
 */
final class RawSide implements Side {
  /** The engine's largest record (10 MiB), which sets its producer's max.request.size. */
  private static final int MAX_RECORD_BYTES = 10 * 1024 * 1024;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

  private final KafkaSettings settings;
  private final Map<String, Object> producerSettings;
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;
  private String topic;
  private int partitions;

  RawSide(String bootstrapServers) {
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

  /** The producer settings that matter for throughput, for the benchmark's description. */
  String producerSummary() {
    List<String> keys =
        List.of(
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.LINGER_MS_CONFIG,
            ProducerConfig.BATCH_SIZE_CONFIG,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
    List<String> parts = new ArrayList<>();
    for (String key : keys) {
      parts.add(key + "=" + producerSettings.get(key));
    }
    return String.join(", ", parts);
  }

  @Override
  public void prepare(String name, int shards) throws Exception {
    topic = name;
    partitions = shards;
    admin
        .createTopics(List.of(new NewTopic(name, Optional.of(shards), Optional.empty())))
        .all()
        .get();
    // Only a partition's leader answers listOffsets: producing before that can hit the
    // idempotent producer's new-partition bug (see the embedded-kafka reference).
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicPartition tp : topicPartitions()) {
      latest.put(tp, OffsetSpec.latest());
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

  /** Sends the batch's records through the shared producer, then waits for all their acks. */
  @Override
  public PutDriver.BatchSink sink() {
    String target = topic;
    return batch -> send(target, batch).join();
  }

  private CompletableFuture<Integer> send(String target, List<PutRecordsEntry> batch) {
    CompletableFuture<Integer> acked = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(batch.size());
    AtomicInteger failed = new AtomicInteger();
    for (PutRecordsEntry entry : batch) {
      byte[] key = entry.partitionKey().getBytes(StandardCharsets.UTF_8);
      try {
        producer.send(
            new ProducerRecord<>(target, key, entry.data()),
            (metadata, error) -> {
              if (error != null) {
                failed.incrementAndGet();
              }
              if (pending.decrementAndGet() == 0) {
                acked.complete(failed.get());
              }
            });
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        if (pending.decrementAndGet() == 0) {
          acked.complete(failed.get());
        }
      }
    }
    return acked;
  }

  /** Drains on a thread of its own, like the engine's readers, timed from creating the consumer. */
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
              }
            },
            "bench-get-kafka-clients");
    reader.start();
    reader.join();
    if (outcome.get() instanceof Throughput t) {
      return t;
    }
    Throwable failure = (Throwable) outcome.get();
    throw new IllegalStateException("consumer failed: " + failure, failure);
  }

  private Throughput drainHere(long records, long bytes) {
    List<TopicPartition> all = topicPartitions();
    long readRecords = 0;
    long readBytes = 0;
    long begin = System.nanoTime();
    long deadline = begin + DRAIN_TIMEOUT.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(settings.reader("consumer", EngineSide.GET_LIMIT, 50))) {
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

  private List<TopicPartition> topicPartitions() {
    List<TopicPartition> all = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      all.add(new TopicPartition(topic, p));
    }
    return all;
  }

  @Override
  public void cleanup() throws Exception {
    admin.deleteTopics(List.of(topic)).all().get();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
    admin.close(Duration.ofSeconds(10));
  }
}
