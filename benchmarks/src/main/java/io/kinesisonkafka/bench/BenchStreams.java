package io.kinesisonkafka.bench;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.catalog.StreamCatalog;
import io.kinesisonkafka.adapter.catalog.StreamView;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Streams the consumer-side benchmarks read: created ACTIVE, then filled straight through Kafka.
 */
public final class BenchStreams {
  private BenchStreams() {}

  /**
   * Starts the benchmark's own single-node broker (1 GiB heap) and says how long that took; the
   * caller closes it.
   */
  public static EmbeddedKafkaCluster startBroker(PrintStream out) {
    long startedAt = System.nanoTime();
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().heapMb(1024).build();
    kafka.start();
    out.printf(
        Locale.ROOT,
        "broker: embedded single-node KRaft (1 GiB heap), started in %.1f s, on this machine's"
            + " %d cores with the clients%n",
        (System.nanoTime() - startedAt) / 1e9,
        Runtime.getRuntime().availableProcessors());
    return kafka;
  }

  /** Creates a provisioned stream and waits (at most a minute) until it is ACTIVE. */
  public static void create(KinesisEngine engine, String stream, int shards)
      throws InterruptedException {
    engine.createStream(CreateStreamRequest.provisioned(stream, shards));
    StreamRef ref = StreamRef.named(stream);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (engine.describeStreamSummary(ref).streamStatus() != StreamStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stream " + stream + " did not become ACTIVE");
      }
      Thread.sleep(50);
    }
  }

  /**
   * Writes {@code records} random records of {@code recordBytes} under 10,000 keys straight to the
   * stream's topic, each to the shard Kinesis routing picks (not what is measured: the fill).
   */
  public static void fill(
      EngineConfig config, String bootstrap, String stream, long records, int recordBytes)
      throws InterruptedException {
    try (StreamCatalog catalog = StreamCatalog.open(config.catalogSettings());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ProducerConfig.LINGER_MS_CONFIG,
                    5,
                    ProducerConfig.BATCH_SIZE_CONFIG,
                    256 * 1024,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class.getName()))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!catalog.stream(stream).map(StreamView::acceptsWrites).orElse(false)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      StreamView view = catalog.stream(stream).orElseThrow();
      Random random = new Random(42);
      byte[][] payloads = new byte[64][recordBytes];
      for (byte[] p : payloads) {
        random.nextBytes(p);
      }
      int[] partitionOfKey = new int[10_000];
      byte[][] keys = new byte[10_000][];
      for (int k = 0; k < keys.length; k++) {
        String key = "key-" + k;
        keys[k] = key.getBytes(StandardCharsets.UTF_8);
        partitionOfKey[k] = view.route(HashKeys.ofPartitionKey(key)).index();
      }
      for (long i = 0; i < records; i++) {
        int k = (int) (i % keys.length);
        producer.send(
            new ProducerRecord<>(
                view.topic(), partitionOfKey[k], keys[k], payloads[(int) (i % payloads.length)]));
      }
      producer.flush();
    }
  }
}
