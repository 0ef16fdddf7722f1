package io.kinesisonkafka.producer;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.adapter.catalog.StreamCatalog;
import io.kinesisonkafka.adapter.catalog.StreamView;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.utils.Utils;

/**
 * A Kafka {@link Partitioner} that routes as Kinesis does, so plain KafkaProducer users write a
 * stream's topic ({@code kinesis.orders}) with the record key as partition key and each record
 * lands on the shard Kinesis clients and the adapter expect: MD5 of the key, the open shard whose
 * hash key range holds it, following splits and merges.
 *
 * <pre>{@code
 * props.put("partitioner.class", KinesisPartitioner.class.getName());
 * props.put("kinesis.topic.prefix", "kinesis.");          // optional, the default
 * props.put("kinesis.catalog.topic", "__kinesis_catalog"); // optional, the default
 * }</pre>
 *
 * <p>It reads the catalog with the producer's own client settings (bootstrap servers, TLS, SASL).
 * {@code partition} runs on the thread calling {@code send} and may block there, up to {@value
 * #MAX_WAIT_MS_CONFIG} (10 s by default; Kafka's {@code max.block.ms} does not bound it), while the
 * catalog view is stale or the key's shard is frozen by a reshard.
 *
 * <p>Limits, compared with {@link KinesisProducer}: no explicit hash keys (a partitioner does not
 * see headers); topics that are not a stream's are partitioned as Kafka's default partitioner does
 * for keyed records. And a plain producer cannot re-check a slow acknowledgement: a record routed
 * to a shard just before its split and acknowledged later than the fast-ack bound (2 s by default)
 * may land past the parent's end, where Kafka consumers still see it but Kinesis readers do not.
 * Use {@code KinesisProducer} where that matters.
 */
public final class KinesisPartitioner implements Partitioner {
  /** The prefix of streams' topics; the servers' {@code --topic-prefix}. */
  public static final String TOPIC_PREFIX_CONFIG = "kinesis.topic.prefix";

  /** The catalog topic; the servers' {@code --catalog-topic}. */
  public static final String CATALOG_TOPIC_CONFIG = "kinesis.catalog.topic";

  /** How long to wait for a fresh view or a frozen shard's close; default 10 s. */
  public static final String MAX_WAIT_MS_CONFIG = "kinesis.partitioner.max.wait.ms";

  private StreamCatalog catalog;
  private long maxWaitMillis;

  @Override
  public void configure(Map<String, ?> configs) {
    Map<String, Object> kafka = new HashMap<>();
    configs.forEach(
        (k, v) -> {
          if (connectionSetting(k)) {
            kafka.put(k, v);
          }
        });
    CatalogSettings.Builder config = CatalogSettings.custom().kafkaProperties(kafka);
    Object prefix = configs.get(TOPIC_PREFIX_CONFIG);
    if (prefix != null) {
      config.topicPrefix(prefix.toString());
    }
    Object catalogTopic = configs.get(CATALOG_TOPIC_CONFIG);
    if (catalogTopic != null) {
      config.catalogTopic(catalogTopic.toString());
    }
    Object wait = configs.get(MAX_WAIT_MS_CONFIG);
    maxWaitMillis = wait == null ? 10_000 : Long.parseLong(wait.toString());
    catalog = StreamCatalog.open(config.build());
  }

  /** Connection settings the catalog's own clients take from the producer's. */
  private static final java.util.List<String> CONNECTION_PREFIXES =
      java.util.List.of(
          "bootstrap.",
          "security.",
          "sasl.",
          "ssl.",
          "client.dns.lookup",
          "socket.",
          "reconnect.",
          "connections.max.idle.ms",
          "metadata.max.age.ms");

  private static boolean connectionSetting(String key) {
    return CONNECTION_PREFIXES.stream().anyMatch(key::startsWith);
  }

  /**
   * The partition of the shard whose hash key range holds the MD5 of {@code keyBytes}, for a
   * stream's topic; for any other topic, Kafka's default partition of a keyed record.
   *
   * @param topic the record's topic
   * @param key the record's key, unused
   * @param keyBytes the serialized key: the partition key; required
   * @param value the record's value, unused
   * @param valueBytes the serialized value, unused
   * @param cluster Kafka's metadata, used for other topics
   * @return the shard's index, which is its partition
   * @throws KafkaException if the record has no key, or the stream does not exist or takes no
   *     records, or the thread is interrupted while waiting
   * @throws org.apache.kafka.common.errors.TimeoutException if the catalog view stays stale or the
   *     shard frozen longer than {@value #MAX_WAIT_MS_CONFIG} allows
   */
  @Override
  public int partition(
      String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
    Optional<String> stream = catalog.streamOf(topic);
    if (stream.isEmpty()) {
      return defaultPartition(topic, keyBytes, cluster);
    }
    if (keyBytes == null || keyBytes.length == 0) {
      throw new KafkaException(
          "A record for stream " + stream.get() + " needs a key: its partition key");
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    while (true) {
      if (!catalog.isFresh()) {
        await(catalog.whenFresh(), deadline, "a fresh catalog view");
      }
      StreamView view =
          catalog.stream(stream.get())
              .filter(StreamView::acceptsWrites)
              .orElseThrow(
                  () ->
                      new KafkaException("Stream " + stream.get() + " not found or not writable"));
      ShardView shard = view.route(HashKeys.ofPartitionKey(keyBytes));
      if (!shard.isFrozen()) {
        return shard.index();
      }
      await(catalog.nextChange(), deadline, "the close of frozen " + shard.shardId());
    }
  }

  private static int defaultPartition(String topic, byte[] keyBytes, Cluster cluster) {
    int partitions = cluster.partitionCountForTopic(topic);
    if (keyBytes == null) {
      throw new KafkaException("KinesisPartitioner partitions keyed records only: " + topic);
    }
    return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
  }

  private static void await(
      java.util.concurrent.CompletableFuture<Void> future, long deadline, String what) {
    try {
      future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted waiting for " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new org.apache.kafka.common.errors.TimeoutException("timed out waiting for " + what, e);
    }
  }

  @Override
  public void close() {
    if (catalog != null) {
      catalog.close();
    }
  }
}
