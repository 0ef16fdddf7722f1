package io.kinesisonkafka.bench.firehose;

import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.firehose.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The baseline: one KafkaConsumer on one thread, a buffer per partition cut at the same size or
 * interval, each buffer written as one object through the same store, then its offset committed.
 */
final class PlainConsumerSink {
  private PlainConsumerSink() {}

  private static final class Buffer {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long firstOffset = -1;
    long next;
    long since;
  }

  static Throughput run(
      String bootstrap,
      String topic,
      String group,
      ObjectStore store,
      String bucket,
      String prefix,
      long sizeBytes,
      long intervalNanos,
      long records,
      long totalBytes) {
    long start = System.nanoTime();
    long written = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(Topic.consumer(bootstrap, group))) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic);
      List<TopicPartition> all =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(all);
      consumer.seekToBeginning(all);
      Map<Integer, Buffer> buffers = new HashMap<>();
      while (written < totalBytes) {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(Topic.POLL);
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : polled) {
          Buffer b = buffers.computeIfAbsent(r.partition(), p -> new Buffer());
          if (b.bytes.size() > 0 && b.bytes.size() + r.value().length > sizeBytes) {
            written += flush(consumer, store, bucket, prefix, topic, r.partition(), b);
          }
          if (b.firstOffset < 0) {
            b.firstOffset = r.offset();
            b.since = now;
          }
          b.bytes.writeBytes(r.value());
          b.next = r.offset() + 1;
        }
        for (Map.Entry<Integer, Buffer> e : buffers.entrySet()) {
          Buffer b = e.getValue();
          if (b.bytes.size() > 0
              && (b.bytes.size() >= sizeBytes || System.nanoTime() - b.since >= intervalNanos)) {
            written += flush(consumer, store, bucket, prefix, topic, e.getKey(), b);
          }
        }
      }
    }
    return new Throughput(records, written, System.nanoTime() - start);
  }

  private static long flush(
      KafkaConsumer<byte[], byte[]> consumer,
      ObjectStore store,
      String bucket,
      String prefix,
      String topic,
      int partition,
      Buffer b) {
    byte[] content = b.bytes.toByteArray();
    store.put(
        bucket,
        prefix + topic + "-" + partition + "-" + String.format("%020d", b.firstOffset),
        content);
    consumer.commitSync(
        Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(b.next)));
    b.bytes.reset();
    b.firstOffset = -1;
    return content.length;
  }
}
