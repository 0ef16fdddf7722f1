package io.kinesisonkafka.examples.analytics;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.streams.KinesisStreams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * What Kinesis Data Analytics does, on Kafka Streams: per-key one-minute tumbling-window counts of
 * the stream {@code clicks} (KPL aggregates expanded) into the stream {@code clicks-per-minute}.
 * Each result is a Kinesis record whose partition key is the user and whose data is {@code
 * {"user":..,"windowStart":..,"clicks":..}}; GetRecords, the KCL or consumer-lib read it at the
 * shard its partition key routes to.
 *
 * <p>{@code mvn -q -pl examples exec:java
 * -Dexec.mainClass=io.kinesisonkafka.examples.analytics.ClicksPerMinute
 * -Dexec.args="localhost:9092"}
 */
public final class ClicksPerMinute {
  private ClicksPerMinute() {}

  /** The topology: clicks -> windowed counts -> clicks-per-minute. */
  public static Topology topology(KinesisStreams kinesis, String in, String out) {
    StreamsBuilder builder = new StreamsBuilder();
    kinesis.stream(builder, in)
        .mapValues(r -> r.data())
        // A fixed partition count, so that a split of `clicks` (which adds partitions to its
        // topic) does not stop the application: Kafka Streams sizes a repartition topic like its
        // source by default and refuses to go on once they differ.
        .repartition(
            Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withNumberOfPartitions(4))
        .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
        .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("clicks-per-minute"))
        .toStream()
        .map(
            (window, count) ->
                org.apache.kafka.streams.KeyValue.pair(
                    window.key(),
                    ("{\"user\":\""
                            + window.key()
                            + "\",\"windowStart\":"
                            + window.window().start()
                            + ",\"clicks\":"
                            + count
                            + "}")
                        .getBytes(StandardCharsets.UTF_8)))
        .to(kinesis.topicOf(out), kinesis.produced(out));
    return builder.build();
  }

  /** Kafka Streams settings for the example; results leave every second. */
  public static Properties properties(
      String bootstrapServers, String applicationId, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    return props;
  }

  public static void main(String[] args) throws Exception {
    String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
    CatalogSettings catalog = CatalogSettings.custom().bootstrapServers(bootstrap).build();
    try (KinesisStreams kinesis = KinesisStreams.open(catalog);
        KafkaStreams app =
            new KafkaStreams(
                topology(kinesis, "clicks", "clicks-per-minute"),
                properties(bootstrap, "clicks-per-minute", Files.createTempDirectory("cpm")))) {
      app.start();
      System.out.println(
          "counting clicks per user and minute into clicks-per-minute; Ctrl-C stops");
      Thread.currentThread().join();
    }
  }
}
