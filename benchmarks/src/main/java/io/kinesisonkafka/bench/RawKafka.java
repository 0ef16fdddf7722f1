package io.kinesisonkafka.bench;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plain kafka-clients properties for the baseline side of a benchmark ("raw kafka-clients"), set
 * here explicitly and in full, as a Kafka user would write them. The values are those the engine
 * gives its own producer and readers (acks=all, idempotent, the same batch size, linger and fetch
 * sizes), so a comparison measures what the engine adds, not different tuning; should the engine's
 * change, change these too, and say so next to the figures in the README.
 */
public final class RawKafka {
  /** The largest record the engine takes (10 MiB), which sets max.request.size. */
  public static final int MAX_RECORD_BYTES = 10 * 1024 * 1024;

  /** Kafka's per-batch overhead on top of the largest record, as the engine allows it. */
  private static final int RECORD_OVERHEAD_BYTES = 512 * 1024;

  private static final String CLIENT_ID_PREFIX = "bench-raw-";

  private RawKafka() {}

  public static Map<String, Object> admin(String bootstrapServers, String role) {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID_PREFIX + role);
    return p;
  }

  /** Idempotent, acks=all, linger 0, 256 KiB batches, no compression, 10 MiB records. */
  public static Map<String, Object> producer(String bootstrapServers, String role) {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES + RECORD_OVERHEAD_BYTES);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID_PREFIX + role);
    return p;
  }

  /** An assign-only consumer, as the engine's GetRecords and SubscribeToShard readers are. */
  public static Map<String, Object> reader(
      String bootstrapServers, String role, int maxPollRecords, int fetchWaitMs) {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchWaitMs);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID_PREFIX + role);
    return p;
  }
}
