package io.kinesisonkafka.bench.connect;

import io.kinesisonkafka.bench.SdkClients;
import io.kinesisonkafka.bench.Throughput;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;

/**
 * The source's passes of {@code ./bench connect}: the connector copying a stream into a topic, the
 * SDK's GetRecords drain of the same stream, and a plain copier doing the connector's work without
 * Connect.
 */
final class SourcePasses {
  private SourcePasses() {}

  static Throughput connector(
      ConnectWorker worker,
      URI endpoint,
      String bootstrap,
      String stream,
      String topic,
      long n,
      int inFlight,
      String headers)
      throws Exception {
    Map<String, String> c = Fixtures.access(endpoint);
    c.put("connector.class", "io.kinesisonkafka.connect.source.KinesisSourceConnector");
    c.put("kinesis.streams", stream);
    c.put("topic.template", topic);
    c.put("topic.creation.default.partitions", String.valueOf(Fixtures.SHARDS));
    c.put("topic.creation.default.replication.factor", "1");
    // What the README tells a user who wants throughput: Connect's own producer defaults (16 KiB
    // batches, one request in flight) hold a source task to a few hundred records per round trip.
    c.put("producer.override.batch.size", "1048576");
    c.put("producer.override.linger.ms", "20");
    // Connect's worker sets every source producer (not only exactly-once ones) to
    // enable.idempotence=false and max.in.flight.requests.per.connection=1. An idempotent producer
    // keeps order with up to 5 in flight (--source-in-flight 5), but on this CPU-bound machine it
    // did not copy faster: the broker's CPU per record doubled (3.9 -> 7.8 us) as requests got
    // smaller, and the worker's did not fall. So the benchmark keeps Connect's default.
    if (inFlight > 1) {
      c.put("producer.override.enable.idempotence", "true");
      c.put("producer.override.max.in.flight.requests.per.connection", String.valueOf(inFlight));
    }
    if (headers != null) {
      c.put("kinesis.headers", "none".equals(headers) ? "" : headers.replace('+', ','));
    }
    worker.put(topic, c);
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int i = 0; i < Fixtures.SHARDS; i++) {
        partitions.add(new TopicPartition(topic, i));
      }
      return Fixtures.awaitCopied(worker, topic, consumer, partitions, n, "source");
    }
  }

  static Throughput sdk(KinesisClient kinesis, String stream, long n) throws Exception {
    long start = System.nanoTime();
    long read = readShards(kinesis, stream, n, (shard, records) -> {});
    return new Throughput(read, read * 100, System.nanoTime() - start);
  }

  /** What a shard's reader does with each GetRecords answer's records. */
  @FunctionalInterface
  private interface ShardRecords {
    void accept(int shard, List<software.amazon.awssdk.services.kinesis.model.Record> records);
  }

  /**
   * Reads the stream's shards from TRIM_HORIZON, a thread per shard, GetRecords(Limit 10000), until
   * {@code n} records were read or every shard is caught up; hands each answer's records to {@code
   * each}.
   *
   * @return the records read
   */
  private static long readShards(KinesisClient kinesis, String stream, long n, ShardRecords each)
      throws Exception {
    AtomicLong read = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(Fixtures.SHARDS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int s = 0; s < Fixtures.SHARDS; s++) {
        int shard = s;
        String shardId = String.format("shardId-%012d", s);
        done.add(
            pool.submit(
                () -> {
                  String it = SdkClients.trimHorizon(kinesis, stream, shardId);
                  while (it != null && read.get() < n) {
                    String current = it;
                    GetRecordsResponse resp =
                        kinesis.getRecords(r -> r.shardIterator(current).limit(10000));
                    each.accept(shard, resp.records());
                    read.addAndGet(resp.records().size());
                    if (resp.records().isEmpty()
                        && Long.valueOf(0).equals(resp.millisBehindLatest())) {
                      break;
                    }
                    it = resp.nextShardIterator();
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
    return read.get();
  }

  /**
   * The source's whole work without Connect: per shard a GetRecords loop from TRIM_HORIZON sending
   * each record to the shard's partition with the connector's key, value and five headers, through
   * a producer with the settings Connect gives the connector here (acks=all, one request in flight,
   * the benchmark's batch size and linger); done when every record was acknowledged.
   */
  static Throughput copier(
      KinesisClient kinesis, String bootstrap, String stream, String topic, long n)
      throws Exception {
    Fixtures.createTopic(bootstrap, topic);
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("acks", "all");
    p.put("enable.idempotence", "false");
    p.put("max.in.flight.requests.per.connection", "1");
    p.put("batch.size", "1048576");
    p.put("linger.ms", "20");
    AtomicLong acked = new AtomicLong();
    byte[] streamHeader = ascii(stream);
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      readShards(
          kinesis,
          stream,
          n,
          (shard, records) -> {
            byte[] shardHeader = ascii(String.format("shardId-%012d", shard));
            for (var rec : records) {
              long arrival = rec.approximateArrivalTimestamp().toEpochMilli();
              var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
              headers.add("kinesis.stream", streamHeader);
              headers.add("kinesis.shard.id", shardHeader);
              headers.add("kinesis.sequence.number", ascii(rec.sequenceNumber()));
              headers.add("kinesis.sub.sequence.number", ascii("0"));
              headers.add("kinesis.arrival.timestamp", ascii(Long.toString(arrival)));
              producer.send(
                  new ProducerRecord<>(
                      topic,
                      shard,
                      arrival,
                      ascii(rec.partitionKey()),
                      rec.data().asByteArrayUnsafe(),
                      headers),
                  (meta, e) -> {
                    if (e == null) {
                      acked.incrementAndGet();
                    }
                  });
            }
          });
      producer.flush();
    }
    if (acked.get() < n) {
      throw new IllegalStateException(
          "plain copier: " + acked.get() + " of " + n + " acknowledged");
    }
    return new Throughput(acked.get(), acked.get() * 100, System.nanoTime() - start);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
