package io.kinesisonkafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.ListShardsRequest;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import io.kinesisonkafka.producer.KinesisProducer;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A Kafka Streams application between two Kinesis streams on the broker: it reads {@code clicks}
 * (written by producer-lib in KPL aggregates), counts clicks per partition key and writes each
 * count into {@code counts} with Kinesis routing. Both streams are split while it runs. Every count
 * is read back through the engine's GetRecords at the shard its key routes to, and the last count
 * of each key is the number of clicks written for it.
 */
class KinesisStreamsIT {
  private static final int KEYS = 40;

  @Test
  void countsReadFromAggregatesLandAtTheRightShardsThroughSplits() throws Exception {
    EngineConfig config = TestEngines.isolated().fastAckBound(Duration.ofSeconds(2)).build();
    try (KinesisEngine engine = KinesisEngine.start(config);
        KinesisStreams kinesis = KinesisStreams.open(config.catalogSettings())) {
      StreamRef clicks = TestEngines.createActive(engine, "clicks", 2);
      StreamRef counts = TestEngines.createActive(engine, "counts", 2);

      StreamsBuilder builder = new StreamsBuilder();
      kinesis.stream(builder, "clicks")
          .mapValues(r -> new String(r.data(), StandardCharsets.UTF_8))
          // A fixed partition count: by default Kafka Streams sizes the repartition topic like the
          // source topic and stops ("invalid partitions") once a split has added partitions to it.
          .repartition(
              Repartitioned.with(Serdes.String(), Serdes.String()).withNumberOfPartitions(4))
          .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
          .count()
          .toStream()
          .mapValues(n -> Long.toString(n).getBytes(StandardCharsets.UTF_8))
          .to(kinesis.topicOf("counts"), kinesis.produced("counts"));
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, TestEngines.namespace("counter"));
      props.put(
          StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.catalogSettings().bootstrapServers());
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
      props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
      props.put(
          StreamsConfig.STATE_DIR_CONFIG,
          java.nio.file.Files.createTempDirectory("kstreams").toString());
      props.put(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), 1000);
      props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
      props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
      props.put(StreamsConfig.producerPrefix(ProducerConfig.METADATA_MAX_AGE_CONFIG), 1000);

      Map<String, Integer> written = new ConcurrentHashMap<>();
      KinesisProducerConfig producerConfig =
          KinesisProducerConfig.custom()
              .bootstrapServers((String) config.catalogSettings().bootstrapServers())
              .topicPrefix(config.topicPrefix())
              .catalogTopic(config.catalogTopic())
              .catalogFreshness(TestEngines.CATALOG_FRESHNESS)
              .fastAckBound(Duration.ofSeconds(2))
              .recordMaxBufferedTime(Duration.ofMillis(50))
              .aggregationEnabled(true)
              .noRateLimit()
              .build();
      long started = System.nanoTime();
      try (KafkaStreams app = new KafkaStreams(builder.build(), props);
          KinesisProducer producer = new KinesisProducer(producerConfig)) {
        app.start();
        write(producer, written, 0, 2_000);
        engine.updateShardCount(counts, 4, "UNIFORM_SCALING");
        write(producer, written, 2_000, 2_000);
        engine.updateShardCount(clicks, 4, "UNIFORM_SCALING");
        TestEngines.awaitActive(engine, "clicks");
        write(producer, written, 4_000, 2_000);
        TestEngines.awaitActive(engine, "counts");

        Awaitility.await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> lastCounts(engine, counts).equals(written));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        List<String> misplaced = new ArrayList<>();
        int read = 0;
        for (Shard shard : shards(engine, counts)) {
          for (Record r : readAll(engine, counts, shard)) {
            read++;
            BigInteger hashKey = HashKeys.ofPartitionKey(r.partitionKey());
            if (hashKey.compareTo(shard.hashKeyRange().startingHashKey()) < 0
                || hashKey.compareTo(shard.hashKeyRange().endingHashKey()) > 0) {
              misplaced.add(r.partitionKey() + " in " + shard.shardId());
            }
          }
        }
        System.out.printf(
            "KinesisStreamsIT: %d clicks over %d keys through 2 splits of each stream; %d counts"
                + " read back over %d shards of counts, %d misplaced; final counts matched after"
                + " %d ms%n",
            written.values().stream().mapToInt(Integer::intValue).sum(),
            KEYS,
            read,
            shards(engine, counts).size(),
            misplaced.size(),
            tookMs);
        assertThat(misplaced).isEmpty();
        assertThat(shards(engine, counts)).hasSizeGreaterThan(2);
      }
    }
  }

  private static void write(
      KinesisProducer producer, Map<String, Integer> written, int from, int count) {
    List<CompletableFuture<?>> futures = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String key = "user-" + (i % KEYS);
      futures.add(
          producer.addUserRecord("clicks", key, ("click-" + i).getBytes(StandardCharsets.UTF_8)));
      written.merge(key, 1, Integer::sum);
    }
    producer.flushSync();
    futures.forEach(CompletableFuture::join);
  }

  /** Each key's last count, reading every shard of the stream, parents before children. */
  private static Map<String, Integer> lastCounts(KinesisEngine engine, StreamRef stream) {
    Map<String, Integer> last = new HashMap<>();
    for (Shard shard : shards(engine, stream)) {
      for (Record r : readAll(engine, stream, shard)) {
        int n = Integer.parseInt(new String(r.data(), StandardCharsets.UTF_8));
        last.merge(r.partitionKey(), n, Math::max);
      }
    }
    return last;
  }

  private static List<Shard> shards(KinesisEngine engine, StreamRef stream) {
    return engine.listShards(ListShardsRequest.of(stream)).shards();
  }

  private static List<Record> readAll(KinesisEngine engine, StreamRef stream, Shard shard) {
    List<Record> out = new ArrayList<>();
    String it =
        engine.getShardIterator(GetShardIteratorRequest.trimHorizon(stream, shard.shardId()));
    while (it != null) {
      GetRecordsResult r = engine.getRecords(it, 10_000);
      out.addAll(r.records());
      if (r.records().isEmpty() && r.millisBehindLatest() == 0) {
        break;
      }
      it = r.nextShardIterator();
    }
    return out;
  }
}
