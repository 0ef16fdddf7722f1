package io.kinesisonkafka.bench.connect;

import io.kinesisonkafka.adapter.server.ServerConfig;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The sink's passes of {@code ./bench connect}: the connector putting a topic into a stream, and
 * KafkaConsumers feeding the SDK's PutRecords the same records.
 */
final class SinkPasses {
  private SinkPasses() {}

  static Throughput connector(
      ConnectWorker worker,
      KinesisClient kinesis,
      String bootstrap,
      URI endpoint,
      String topic,
      String stream,
      long n)
      throws Exception {
    Fixtures.createStream(kinesis, stream);
    Map<String, String> c = Fixtures.access(endpoint);
    c.put("connector.class", "io.kinesisonkafka.connect.sink.KinesisSinkConnector");
    c.put("topics", topic);
    c.put("kinesis.stream", stream);
    // One full PutRecords call per shard from each poll: the sink keeps a call in flight per shard,
    // so a poll of Connect's default 500 records would fill each shard's call a quarter at a time.
    c.put("consumer.override.max.poll.records", "2000");
    worker.put(stream, c);
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    // Progress from the end offsets of the topic the server stores the stream in, as the source
    // side counts: scraping the server's /metrics every 20 ms cost the server (and so this pass
    // only) more CPU per record than the PutRecords calls themselves.
    String streamTopic = ServerConfig.from(Map.of()).topicPrefix() + stream;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (var info : consumer.partitionsFor(streamTopic)) {
        partitions.add(new TopicPartition(streamTopic, info.partition()));
      }
      return Fixtures.awaitCopied(worker, stream, consumer, partitions, n, "sink");
    }
  }

  static Throughput sdk(
      KinesisClient kinesis, String bootstrap, String topic, String stream, long n)
      throws Exception {
    Fixtures.createStream(kinesis, stream);
    ExecutorService pool = Executors.newFixedThreadPool(Fixtures.SHARDS);
    AtomicLong put = new AtomicLong();
    long start = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int s = 0; s < Fixtures.SHARDS; s++) {
        TopicPartition tp = new TopicPartition(topic, s);
        done.add(
            pool.submit(
                () -> {
                  Properties p = new Properties();
                  p.put("bootstrap.servers", bootstrap);
                  p.put("max.poll.records", "500");
                  try (KafkaConsumer<String, byte[]> consumer =
                      new KafkaConsumer<>(
                          p, new StringDeserializer(), new ByteArrayDeserializer())) {
                    consumer.assign(List.of(tp));
                    consumer.seekToBeginning(List.of(tp));
                    long end = consumer.endOffsets(List.of(tp)).get(tp);
                    long position = 0;
                    while (position < end) {
                      List<PutRecordsRequestEntry> batch = new ArrayList<>();
                      for (ConsumerRecord<String, byte[]> rec :
                          consumer.poll(java.time.Duration.ofMillis(200))) {
                        batch.add(
                            PutRecordsRequestEntry.builder()
                                .partitionKey(rec.key())
                                .data(SdkBytes.fromByteArrayUnsafe(rec.value()))
                                .build());
                        position = rec.offset() + 1;
                      }
                      if (!batch.isEmpty()) {
                        Fixtures.putAll(kinesis, stream, batch);
                        put.addAndGet(batch.size());
                      }
                    }
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
    return new Throughput(put.get(), put.get() * 100, System.nanoTime() - start);
  }
}
