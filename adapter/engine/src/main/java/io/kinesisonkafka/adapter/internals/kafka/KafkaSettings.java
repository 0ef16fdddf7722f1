package io.kinesisonkafka.adapter.internals.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka client properties: the user's (bootstrap servers, SASL, TLS, anything) under the settings
 * the engine needs to hold its guarantees, which the user cannot override.
 */
public final class KafkaSettings {
  /** Kafka's per-batch overhead on top of the largest record the project carries. */
  public static final int RECORD_OVERHEAD_BYTES = 512 * 1024;

  private final Map<String, Object> base;
  private final String clientIdPrefix;

  public KafkaSettings(Map<String, ?> userProperties, String clientIdPrefix) {
    this.base = Map.copyOf(userProperties);
    this.clientIdPrefix = clientIdPrefix;
  }

  public Map<String, Object> admin(String role) {
    Map<String, Object> p = new HashMap<>(base);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdPrefix + "-" + role);
    return p;
  }

  /** Idempotent, acks=all: an acknowledged record is on every in-sync replica, once. */
  public Map<String, Object> producer(String role, int maxRecordBytes) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    p.putAll(base);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes + RECORD_OVERHEAD_BYTES);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdPrefix + "-" + role);
    return p;
  }

  /** Assign-only consumer: no group, no commits, positions set by the caller. */
  public Map<String, Object> reader(String role, int maxPollRecords, int fetchWaitMs) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
    p.putAll(base);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchWaitMs);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdPrefix + "-" + role);
    return p;
  }
}
