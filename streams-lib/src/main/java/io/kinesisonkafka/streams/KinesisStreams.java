package io.kinesisonkafka.streams;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.adapter.catalog.StreamCatalog;
import io.kinesisonkafka.streams.internals.CatalogShards;
import io.kinesisonkafka.streams.internals.DetachedShards;
import io.kinesisonkafka.streams.internals.KinesisRouting;
import io.kinesisonkafka.streams.internals.RecordExpander;
import io.kinesisonkafka.streams.internals.Shards;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams over Kinesis streams kept in Kafka: read a stream's topic as Kinesis records
 * ({@link #stream}), and write into a stream's topic with Kinesis routing ({@link #produced},
 * {@link #partitioner}), so that every Kinesis client (GetRecords, SubscribeToShard, the KCL,
 * consumer-lib) reads what the application wrote at the shard its partition key routes to.
 *
 * <pre>{@code
 * try (KinesisStreams kinesis = KinesisStreams.open(catalogSettings)) {
 *   StreamsBuilder builder = new StreamsBuilder();
 *   kinesis.stream(builder, "clicks")
 *       .mapValues(r -> new String(r.data(), UTF_8))
 *       ...
 *       .to(kinesis.topicOf("clicks-per-minute"), kinesis.produced("clicks-per-minute"));
 *   new KafkaStreams(builder.build(), props).start();
 * }
 * }</pre>
 *
 * <p><b>Reading.</b> Each Kafka record becomes the user records it holds: one for a plain record,
 * one per user record of a KPL aggregate (producer-lib's and the real KPL's alike), each with the
 * Kafka record's sequence number and its own sub-sequence number, as the KCL hands them out. The
 * key of the resulting stream is the user record's partition key (a key change, so Kafka Streams
 * repartitions before a keyed aggregation). A Kafka record that is not a Kinesis record (a corrupt
 * aggregate, no partition key) is not passed on: the handler given to {@link
 * #stream(StreamsBuilder, String, Consumer)} gets it, by default it is logged at WARN.
 *
 * <p><b>Writing, and what holds across a split or merge.</b> The partitioner routes each record as
 * the Kinesis endpoint does: MD5 of the partition key (or an explicit hash key), to the open shard
 * whose range holds it, on a catalog view at most the catalog's freshness bound old; it never
 * routes to a shard a split or merge has frozen, but waits (on the stream thread, up to the routing
 * timeout, 30 s by default) until the reshard closes it and routes to the child. A record is
 * readable by Kinesis clients at its shard when Kafka acknowledges it within the catalog's fast-ack
 * bound (2 s by default) of its routing, which is the normal case; one acknowledged later while its
 * shard was being split or merged can land in the parent past the parent's end offset, where plain
 * Kafka consumers still see it and Kinesis clients do not. (The server and producer-lib close that
 * gap by checking each late acknowledgement and writing the record again; a Kafka Streams producer
 * gives no hook for it.) Records of one partition key stay in order: a key's records go to the
 * parent until it is frozen, then to one child.
 *
 * <p><b>A split of a stream the application reads</b> adds partitions to its topic. Kafka Streams
 * picks the new partitions up (set the consumer's {@code metadata.max.age.ms} low to notice
 * sooner), but by default sizes a repartition topic like its source and stops the application
 * ("invalid partitions") once they differ: repartition explicitly with a fixed count, {@code
 * .repartition(Repartitioned.with(keySerde, valueSerde).withNumberOfPartitions(n))}, before a keyed
 * operation. Kafka Streams reads a parent and its children at the same time, so across a reshard a
 * key's records are not processed parents first as the KCL does; event-time windows are not
 * affected.
 *
 * <p><b>Threads.</b> Thread-safe; the topology's processors and partitioners share this object.
 * Close it after the {@code KafkaStreams} that uses it.
 */
public final class KinesisStreams implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KinesisStreams.class);
  private static final Duration ROUTING_TIMEOUT = Duration.ofSeconds(30);

  private final Shards shards;

  private KinesisStreams(Shards shards) {
    this.shards = shards;
  }

  /**
   * Opens the stream catalog of the cluster the settings name (as producer-lib and consumer-lib
   * do), reading it to its end before it returns.
   *
   * @param settings the cluster, topic prefix, catalog topic and resharding bounds of the servers
   * @return the helper; close it when the application stops
   * @throws io.kinesisonkafka.adapter.errors.KinesisException if Kafka cannot be reached in time
   */
  public static KinesisStreams open(CatalogSettings settings) {
    return new KinesisStreams(new CatalogShards(StreamCatalog.open(settings)));
  }

  /**
   * Fixed streams without Kafka, for a topology under {@code TopologyTestDriver}: each stream's
   * shards as {@link ShardView#detached} makes them. Routing uses the open shards; nothing is ever
   * frozen.
   *
   * @param topicPrefix the prefix of the streams' topics, e.g. {@code kinesis.}
   * @param streams each stream's shards
   * @return the helper
   */
  public static KinesisStreams detached(String topicPrefix, Map<String, List<ShardView>> streams) {
    return new KinesisStreams(new DetachedShards(topicPrefix, streams));
  }

  /**
   * The topic that holds a stream.
   *
   * @param stream the stream's name
   * @return the topic name: the topic prefix and the stream name
   */
  public String topicOf(String stream) {
    return shards.topicOf(stream);
  }

  /**
   * A stream's records as Kinesis records, keyed by partition key; corrupt records are logged.
   *
   * @param builder the topology's builder
   * @param stream the stream's name
   * @return the records, in shard order, KPL aggregates expanded
   */
  public KStream<String, KinesisRecord> stream(StreamsBuilder builder, String stream) {
    return stream(
        builder,
        stream,
        corrupt ->
            log.warn(
                "Skipping a record of {} {} at {}: {}",
                corrupt.stream(),
                corrupt.shardId(),
                corrupt.sequenceNumber(),
                corrupt.reason()));
  }

  /**
   * A stream's records as Kinesis records, keyed by partition key.
   *
   * @param builder the topology's builder
   * @param stream the stream's name
   * @param onCorrupt told of each Kafka record that is not a Kinesis record, on the stream thread;
   *     such a record is not passed on
   * @return the records, in shard order, KPL aggregates expanded
   */
  public KStream<String, KinesisRecord> stream(
      StreamsBuilder builder, String stream, Consumer<CorruptRecord> onCorrupt) {
    Objects.requireNonNull(onCorrupt, "onCorrupt");
    return builder.stream(topicOf(stream), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .process(() -> new RecordExpander(shards, stream, onCorrupt));
  }

  /**
   * A partitioner that routes records keyed by partition key into a stream's shards.
   *
   * @param stream the stream written
   * @param <V> the value type
   * @return the partitioner; see the class comment for what holds across a reshard
   */
  public <V> StreamPartitioner<String, V> partitioner(String stream) {
    return new KinesisRouting<>(shards, stream, null, ROUTING_TIMEOUT);
  }

  /**
   * A partitioner that routes by an explicit hash key where the function gives one, else by
   * partition key.
   *
   * @param stream the stream written
   * @param explicitHashKey the record's explicit hash key in decimal, or null to use the key
   * @param <V> the value type
   * @return the partitioner
   */
  public <V> StreamPartitioner<String, V> partitioner(
      String stream, BiFunction<String, V, String> explicitHashKey) {
    return new KinesisRouting<>(shards, stream, explicitHashKey, ROUTING_TIMEOUT);
  }

  /**
   * How to write byte-array data keyed by partition key into a stream's topic: String keys (UTF-8,
   * what Kinesis clients read as the partition key), the data as it is, Kinesis routing.
   *
   * @param stream the stream written
   * @return the {@code Produced} for {@code KStream.to(topicOf(stream), ...)}
   */
  public Produced<String, byte[]> produced(String stream) {
    return produced(stream, Serdes.ByteArray());
  }

  /**
   * Like {@link #produced(String)}, with the values serialized by {@code values}: what it writes is
   * the data Kinesis clients read.
   *
   * @param stream the stream written
   * @param values the serde of the values
   * @param <V> the value type
   * @return the {@code Produced} for {@code KStream.to(topicOf(stream), ...)}
   */
  public <V> Produced<String, V> produced(String stream, Serde<V> values) {
    return Produced.with(Serdes.String(), values).withStreamPartitioner(partitioner(stream));
  }

  /**
   * The health of the catalog reader the helper uses; serving for {@link #detached} ones.
   *
   * @return the health
   */
  public Health health() {
    return shards.health();
  }

  /** Closes the catalog it opened. */
  @Override
  public void close() {
    shards.close();
  }
}
