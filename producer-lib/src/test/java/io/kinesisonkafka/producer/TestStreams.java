package io.kinesisonkafka.producer;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.ListShardsRequest;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.testkit.TestEngine;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * An engine on a Kafka cluster, in a namespace of its own (the test kit's {@link TestEngine}), with
 * short resharding bounds that producers in the same namespace share.
 */
final class TestStreams implements AutoCloseable {
  static final Duration FRESHNESS = TestEngines.CATALOG_FRESHNESS;
  static final Duration FAST_ACK = TestEngines.FAST_ACK_BOUND;

  final String bootstrapServers;
  final EngineConfig config;
  final KinesisEngine engine;
  private final TestEngine kit;

  TestStreams(String bootstrapServers) {
    this(bootstrapServers, -1);
  }

  /** With {@code replicationFactor} for the catalog and the streams' topics (-1: the broker's). */
  TestStreams(String bootstrapServers, int replicationFactor) {
    this.bootstrapServers = bootstrapServers;
    this.kit = TestEngine.start(bootstrapServers, "p", b -> b.replicationFactor(replicationFactor));
    this.config = kit.config();
    this.engine = kit.engine();
  }

  /** A producer configuration in this namespace: no rate limit, short buffering. */
  KinesisProducerConfig.Builder producer() {
    return KinesisProducerConfig.custom()
        .bootstrapServers(bootstrapServers)
        .topicPrefix(config.topicPrefix())
        .catalogTopic(config.catalogTopic())
        .catalogFreshness(FRESHNESS)
        .fastAckBound(FAST_ACK)
        .recordMaxBufferedTime(Duration.ofMillis(20))
        .noRateLimit();
  }

  String topic(String stream) {
    return kit.topic(stream);
  }

  StreamRef createActive(String name, int shards) {
    return kit.createActive(name, shards);
  }

  StreamRef awaitActive(String name) {
    return kit.awaitActive(name);
  }

  List<Shard> shards(StreamRef ref) {
    return engine.listShards(ListShardsRequest.of(ref)).shards();
  }

  /** Every record of a shard from its start to its end (closed) or to the latest (open). */
  List<Record> readShard(StreamRef ref, String shardId) {
    List<Record> records = new ArrayList<>();
    String iterator = engine.getShardIterator(GetShardIteratorRequest.trimHorizon(ref, shardId));
    // A closed shard ends with a null iterator; an open one is read up to where three reads in a
    // row
    // find nothing more (one empty answer can be a fetch that took too long).
    int emptyAtTip = 0;
    while (iterator != null && emptyAtTip < 3) {
      GetRecordsResult result = engine.getRecords(iterator, 10_000);
      records.addAll(result.records());
      emptyAtTip =
          result.records().isEmpty() && result.millisBehindLatest() == 0 ? emptyAtTip + 1 : 0;
      iterator = result.nextShardIterator();
    }
    return records;
  }

  /**
   * Hands every record of {@code topic} to {@code each}, partition by partition in offset order
   * (partitions interleaved), from the start to the end offsets found when it starts.
   */
  void readTopic(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", bootstrapServers,
                "key.deserializer", ByteArrayDeserializer.class,
                "value.deserializer", ByteArrayDeserializer.class))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }

  @Override
  public void close() {
    kit.close();
  }
}
