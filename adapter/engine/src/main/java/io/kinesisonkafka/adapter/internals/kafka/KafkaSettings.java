package io.kinesisonkafka.adapter.internals.kafka;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The engine's own Kafka client tuning (batch size, fetch sizes, poll sizes) and client ids. The
 * user's properties and the settings nobody may override (acks=all, idempotence, no auto-commit)
 * come from {@link CatalogSettings}, which every library's clients share.
 */
public final class KafkaSettings {
  /** Kafka's per-batch overhead on top of the largest record the project carries. */
  public static final int RECORD_OVERHEAD_BYTES = 512 * 1024;

  private final CatalogSettings settings;
  private final String clientIdPrefix;

  public KafkaSettings(CatalogSettings settings, String clientIdPrefix) {
    this.settings = settings;
    this.clientIdPrefix = clientIdPrefix;
  }

  /**
   * Admin calls time out after the request timeout, so that a request never waits on Kafka longer
   * than that (the user's properties may still say otherwise).
   */
  public Map<String, Object> admin(String role) {
    Map<String, Object> p =
        settings.adminProperties(Map.of(CommonClientConfigs.CLIENT_ID_CONFIG, clientId(role)));
    int timeoutMs = requestTimeoutMs();
    p.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    p.putIfAbsent(
        CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG,
        Math.min(timeoutMs, toInt(p.get(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG))));
    return p;
  }

  private int requestTimeoutMs() {
    return (int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis());
  }

  private static int toInt(Object value) {
    return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
  }

  /** Idempotent, acks=all: an acknowledged record is on every in-sync replica, once. */
  public Map<String, Object> producer(String role, int maxRecordBytes) {
    return settings.producerProperties(
        Map.of(
            // send() blocks while metadata is missing or the buffer is full (Kafka unreachable):
            // never longer than a request may take.
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            requestTimeoutMs(),
            ProducerConfig.LINGER_MS_CONFIG,
            0,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "none"),
        Map.of(
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            maxRecordBytes + RECORD_OVERHEAD_BYTES,
            CommonClientConfigs.CLIENT_ID_CONFIG,
            clientId(role)));
  }

  /** Assign-only consumer: no group, no commits, positions set by the caller. */
  public Map<String, Object> reader(String role, int maxPollRecords, int fetchWaitMs) {
    Map<String, Object> p =
        settings.consumerProperties(
            Map.of(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024,
                // position(), endOffsets() and friends without a timeout of their own
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, requestTimeoutMs()),
            Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "none",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_uncommitted",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                maxPollRecords,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                fetchWaitMs,
                CommonClientConfigs.CLIENT_ID_CONFIG,
                clientId(role)));
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return p;
  }

  private String clientId(String role) {
    return clientIdPrefix + "-" + role;
  }
}
