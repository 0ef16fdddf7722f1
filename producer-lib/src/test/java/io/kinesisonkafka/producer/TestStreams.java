package io.kinesisonkafka.producer;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.ShardLimits;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.ListShardsRequest;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * An engine on a Kafka cluster, in a namespace of its own (catalog topic and topic prefix), with
 * short resharding bounds that producers in the same namespace share.
 */
final class TestStreams implements AutoCloseable {
  static final Duration FRESHNESS = Duration.ofMillis(300);
  static final Duration FAST_ACK = Duration.ofMillis(700);

  final String bootstrapServers;
  final EngineConfig config;
  final KinesisEngine engine;

  TestStreams(String bootstrapServers) {
    this(bootstrapServers, -1);
  }

  /** With {@code replicationFactor} for the catalog and the streams' topics (-1: the broker's). */
  TestStreams(String bootstrapServers, int replicationFactor) {
    this.bootstrapServers = bootstrapServers;
    String ns = "p" + UUID.randomUUID().toString().substring(0, 8);
    this.config =
        EngineConfig.custom()
            .bootstrapServers(bootstrapServers)
            .catalogTopic("__catalog." + ns)
            .topicPrefix(ns + ".")
            .shardLimits(ShardLimits.off())
            .catalogFreshness(FRESHNESS)
            .fastAckBound(FAST_ACK)
            .freezeMargin(Duration.ofMillis(200))
            .replicationFactor(replicationFactor)
            .build();
    this.engine = KinesisEngine.start(config);
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
    return config.topicPrefix() + stream;
  }

  StreamRef createActive(String name, int shards) {
    engine.createStream(CreateStreamRequest.provisioned(name, shards));
    return awaitActive(name);
  }

  StreamRef awaitActive(String name) {
    StreamRef ref = StreamRef.named(name);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> engine.describeStreamSummary(ref).streamStatus() == StreamStatus.ACTIVE);
    return ref;
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

  @Override
  public void close() {
    engine.close();
  }
}
