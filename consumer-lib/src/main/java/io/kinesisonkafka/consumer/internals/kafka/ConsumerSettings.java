package io.kinesisonkafka.consumer.internals.kafka;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.consumer.SchedulerConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;

/**
 * The worker's KafkaConsumer settings: the KCL's knobs as consumer group settings. Users' Kafka
 * properties (in the {@link CatalogSettings} the scheduler opened its catalog with) come first;
 * what leases and checkpoints depend on is fixed over them, and {@link
 * CatalogSettings#consumerProperties} adds what every consumer of a stream gets (no auto-commit).
 */
final class ConsumerSettings {
  private ConsumerSettings() {}

  static Map<String, Object> of(SchedulerConfig config, CatalogSettings catalog) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    // A lease is an assignment in this group; a checkpoint its committed offset.
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.applicationName());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.workerId());
    // The classic protocol: the session timeout (the failover time) is the client's to choose,
    // and commits carry the generation, which fences a worker that lost its leases.
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    // Cooperative: a rebalance revokes only the leases that move, and their owner may still
    // checkpoint while handing them over (shutdownRequested).
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    // The worker seeks every partition itself; a seek below the log start (retention) goes to
    // the oldest record: never skip one that still exists.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    int failover = (int) config.failoverTime().toMillis();
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, failover);
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, failover / 4));
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxRecords());
    // New shards are new partitions: found on the next metadata refresh.
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) config.shardSyncInterval().toMillis());
    return catalog.consumerProperties(Map.of(), p);
  }
}
