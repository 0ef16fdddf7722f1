package io.kinesisonkafka.bench.firehose;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The source topic both sides deliver from, filled once before the measured passes. */
final class Topic {
  private Topic() {}

  static void fill(String bootstrap, String topic, int partitions, long records, int recordBytes)
      throws Exception {
    try (Admin admin =
        Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
          .all()
          .get();
    }
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    SplittableRandom random = new SplittableRandom(42);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      Future<RecordMetadata> last = null;
      for (long i = 0; i < records; i++) {
        byte[] data = new byte[recordBytes];
        for (int b = 0; b < data.length; b++) {
          data[b] = (byte) ('a' + random.nextInt(26));
        }
        last = producer.send(new ProducerRecord<>(topic, (int) (i % partitions), null, data));
      }
      producer.flush();
      if (last != null) {
        last.get();
      }
    }
  }

  /** The consumer settings of the bridge's delivery loops, for the baseline too. */
  static Map<String, Object> consumer(String bootstrap, String group) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024 * 1024);
    return CatalogSettings.custom()
        .bootstrapServers(bootstrap)
        .build()
        .consumerProperties(Map.of(), p);
  }

  static final Duration POLL = Duration.ofMillis(50);
}
