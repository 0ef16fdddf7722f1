package io.kinesisonkafka.bench.connect;

import io.kinesisonkafka.bench.Throughput;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * What both directions of {@code ./bench connect} set up: the SDK client, streams and topics filled
 * with records, the connectors' access settings, and the wait for a connector's copy.
 */
final class Fixtures {
  private Fixtures() {}

  static final int SHARDS = 4;

  static void createStream(KinesisClient kinesis, String stream) throws Exception {
    kinesis.createStream(r -> r.streamName(stream).shardCount(SHARDS));
    while (kinesis
            .describeStreamSummary(r -> r.streamName(stream))
            .streamDescriptionSummary()
            .streamStatus()
        != StreamStatus.ACTIVE) {
      Thread.sleep(100);
    }
  }

  static byte[] payload(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  static void fillStream(KinesisClient kinesis, String stream, long records, int bytes)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SHARDS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < SHARDS; t++) {
        long share = records / SHARDS + (t < records % SHARDS ? 1 : 0);
        done.add(
            pool.submit(
                () -> {
                  for (long sent = 0; sent < share; ) {
                    int n = (int) Math.min(500, share - sent);
                    List<PutRecordsRequestEntry> batch = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                      batch.add(entry(bytes));
                    }
                    putAll(kinesis, stream, batch);
                    sent += n;
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  static PutRecordsRequestEntry entry(int bytes) {
    return PutRecordsRequestEntry.builder()
        .partitionKey("k" + ThreadLocalRandom.current().nextInt(1_000_000))
        .data(SdkBytes.fromByteArrayUnsafe(payload(bytes)))
        .build();
  }

  static void putAll(KinesisClient kinesis, String stream, List<PutRecordsRequestEntry> entries) {
    List<PutRecordsRequestEntry> todo = entries;
    while (!todo.isEmpty()) {
      List<PutRecordsRequestEntry> batch = todo;
      PutRecordsResponse r = kinesis.putRecords(b -> b.streamName(stream).records(batch));
      List<PutRecordsRequestEntry> failed = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        if (r.records().get(i).errorCode() != null) {
          failed.add(batch.get(i));
        }
      }
      todo = failed;
    }
  }

  static void createTopic(String bootstrap, String topic) throws Exception {
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin
          .createTopics(
              List.of(new org.apache.kafka.clients.admin.NewTopic(topic, SHARDS, (short) 1)))
          .all()
          .get();
    }
  }

  static void fillTopic(String bootstrap, String topic, long records, int bytes) throws Exception {
    createTopic(bootstrap, topic);
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("linger.ms", "20");
    p.put("batch.size", "262144");
    // Every record acknowledged: a send lost under load (seen: 97,759 of 100,000 on a loaded
    // machine) left the sink waiting forever for records that were never there.
    AtomicLong acked = new AtomicLong();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (int attempt = 0; acked.get() < records; attempt++) {
        if (attempt > 10) {
          throw new IllegalStateException(
              "filling " + topic + ": only " + acked.get() + " of " + records + " acknowledged");
        }
        long missing = records - acked.get();
        for (long i = 0; i < missing; i++) {
          producer.send(
              new ProducerRecord<>(
                  topic, "k" + ThreadLocalRandom.current().nextInt(1_000_000), payload(bytes)),
              (meta, e) -> {
                if (e == null) {
                  acked.incrementAndGet();
                }
              });
        }
        producer.flush();
      }
    }
  }

  static Map<String, String> access(URI endpoint) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("kinesis.endpoint", endpoint.toString());
    c.put("aws.region", "us-east-1");
    c.put("aws.access.key.id", "AKID");
    c.put("aws.secret.access.key", "SECRET");
    c.put("tasks.max", String.valueOf(SHARDS));
    return c;
  }

  /**
   * Waits until {@code partitions} hold {@code n} records in all and deletes the connector; its
   * rate runs from the first tenth of the records to the last (task start-up and the first
   * rebalances excluded). The connector's status is checked once a second: every 20 ms, the
   * worker's REST threads burned more CPU than its tasks.
   */
  static Throughput awaitCopied(
      ConnectWorker worker,
      String connector,
      KafkaConsumer<?, ?> consumer,
      List<TopicPartition> partitions,
      long n,
      String what)
      throws Exception {
    long first = 0;
    long firstAt = 0;
    long nextStatus = 0;
    while (true) {
      long count = 0;
      try {
        count = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
      } catch (RuntimeException e) {
        // the topic does not exist yet
      }
      long now = System.nanoTime();
      if (count >= n / 10 && firstAt == 0) {
        first = count;
        firstAt = now;
      }
      if (count >= n) {
        worker.delete(connector);
        return new Throughput(n - first, (n - first) * 100, Math.max(1, now - firstAt));
      }
      if (now >= nextStatus) {
        nextStatus = now + 1_000_000_000L;
        String failure = worker.failure(connector);
        if (failure != null) {
          throw new IllegalStateException(what + " connector failed: " + failure);
        }
      }
      Thread.sleep(20);
    }
  }
}
