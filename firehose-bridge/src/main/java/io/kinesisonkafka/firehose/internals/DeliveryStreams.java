package io.kinesisonkafka.firehose.internals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.firehose.BridgeConfig;
import io.kinesisonkafka.firehose.DeliveryStreamConfig;
import io.kinesisonkafka.firehose.Destination;
import io.kinesisonkafka.firehose.FirehoseErrorCode;
import io.kinesisonkafka.firehose.Processing;
import io.kinesisonkafka.firehose.RecordTransformer;
import io.kinesisonkafka.firehose.Source;
import io.kinesisonkafka.firehose.internals.config.ConfigJson;
import io.kinesisonkafka.firehose.internals.config.Members;
import io.kinesisonkafka.firehose.internals.delivery.BatchSink;
import io.kinesisonkafka.firehose.internals.delivery.DeliveryContext;
import io.kinesisonkafka.firehose.internals.delivery.DeliveryMetrics;
import io.kinesisonkafka.firehose.internals.delivery.HttpEndpointDelivery;
import io.kinesisonkafka.firehose.internals.delivery.JdbcDelivery;
import io.kinesisonkafka.firehose.internals.delivery.LambdaHttpTransformer;
import io.kinesisonkafka.firehose.internals.delivery.ObjectDelivery;
import io.kinesisonkafka.firehose.internals.delivery.Retrier;
import io.kinesisonkafka.firehose.internals.delivery.Transformation;
import io.kinesisonkafka.firehose.internals.kafka.CatalogTopic;
import io.kinesisonkafka.firehose.internals.kafka.DeliveryLoop;
import io.kinesisonkafka.firehose.internals.kafka.DirectPutWriter;
import io.kinesisonkafka.firehose.internals.kafka.KafkaClients;
import io.kinesisonkafka.firehose.internals.kafka.SourceDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The delivery streams of one bridge: their catalog entries, their DirectPut topics and their
 * delivery loops, which follow the catalog (a loop starts when a delivery stream appears, restarts
 * when its delivery settings change, stops when it goes) on one lifecycle thread.
 */
public final class DeliveryStreams implements AutoCloseable {
  /** How long PutRecord and PutRecordBatch wait for Kafka before ServiceUnavailableException. */
  static final Duration PUT_TIMEOUT = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A delivery stream as the catalog holds it. */
  public record Entry(DeliveryStreamConfig config, Instant created, int version) {}

  private final BridgeConfig config;
  private final Duration timeout;
  private final KafkaClients clients;
  private final DirectPutWriter writer;
  private final ExecutorService lifecycle;
  private final Map<String, Entry> entries = new java.util.concurrent.ConcurrentHashMap<>();

  /** Written on {@link #lifecycle} only; read by health checks. */
  private final Map<String, Running> running = new java.util.concurrent.ConcurrentHashMap<>();

  private final Map<String, DeliveryMetrics> metrics =
      new java.util.concurrent.ConcurrentHashMap<>();
  private CatalogTopic catalog;
  private volatile boolean closed;

  private record Running(Entry entry, DeliveryLoop loop) {}

  private DeliveryStreams(BridgeConfig config, Duration timeout) {
    this.config = config;
    this.timeout = timeout;
    this.clients =
        new KafkaClients(
            config.bootstrapServers(), config.kafkaProperties(), config.replicationFactor());
    this.writer = new DirectPutWriter(clients);
    this.lifecycle =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "firehose-lifecycle");
              t.setDaemon(true);
              return t;
            });
  }

  public static DeliveryStreams start(BridgeConfig config, Duration timeout) {
    DeliveryStreams streams = new DeliveryStreams(config, timeout);
    streams.catalog = new CatalogTopic(streams.clients, config.catalogTopic(), streams::changed);
    streams.catalog.awaitCaughtUp(timeout);
    return streams;
  }

  /** The worst of the catalog reader's and every delivery loop's health. */
  public Health health() {
    Health worst = catalog.health();
    for (Running r : running.values()) {
      worst = worst.worst(r.loop().health());
    }
    return worst;
  }

  /** On the catalog's reader thread, in log order. */
  private void changed(String name, byte[] value) {
    Entry entry = value == null ? null : parse(value);
    if (entry == null) {
      entries.remove(name);
    } else {
      entries.put(name, entry);
    }
    if (!closed) {
      try {
        lifecycle.execute(() -> follow(name, entry));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closing: no loop to follow
      }
    }
  }

  private void follow(String name, Entry entry) {
    Running current = running.get(name);
    if (current != null && entry != null && sameDelivery(current.entry(), entry)) {
      running.put(name, new Running(entry, current.loop()));
      return;
    }
    if (current != null) {
      current.loop().close();
      running.remove(name);
    }
    if (entry != null && !closed) {
      running.put(name, new Running(entry, startLoop(entry)));
    }
  }

  private static boolean sameDelivery(Entry a, Entry b) {
    DeliveryStreamConfig x = a.config();
    DeliveryStreamConfig y = b.config();
    return a.created().equals(b.created())
        && x.source().equals(y.source())
        && x.destination().equals(y.destination())
        && x.bufferingHints().equals(y.bufferingHints())
        && x.processing().equals(y.processing());
  }

  private DeliveryLoop startLoop(Entry entry) {
    DeliveryStreamConfig c = entry.config();
    String topic = topic(c);
    if (c.source() instanceof Source.DirectPut d) {
      writer.createTopic(topic, d.partitions());
    }
    DeliveryMetrics m =
        metrics(
            c.name(),
            c.destination() instanceof Destination.HttpEndpoint
                ? "HttpEndpoint"
                : c.destination() instanceof Destination.Jdbc
                    ? "Jdbc"
                    : config.objectStore().kind());
    Transformation transformation = null;
    if (c.processing().enabled()) {
      transformation =
          new Transformation(c.name(), transformer(c), c.processing().numberOfRetries());
    }
    final DeliveryLoop[] loop = new DeliveryLoop[1];
    Retrier retrier =
        new Retrier(
            c.name(),
            config.initialBackoff(),
            config.maxBackoff(),
            () -> closed || (loop[0] != null && loop[0].isClosing()));
    DeliveryContext context =
        new DeliveryContext(
            c.name(),
            transformation,
            c.processing().function(),
            retrier,
            c.retryDuration(),
            config.objectStore(),
            m,
            config.clock());
    BatchSink delivery;
    if (c.destination() instanceof Destination.HttpEndpoint h) {
      delivery = new HttpEndpointDelivery(context, arn(c.name()), h);
    } else if (c.destination() instanceof Destination.Jdbc j) {
      delivery = new JdbcDelivery(context, j);
    } else {
      delivery = new ObjectDelivery(context, (Destination.ObjectStorage) c.destination());
    }
    loop[0] =
        new DeliveryLoop(
            clients,
            c.name(),
            topic,
            config.groupPrefix() + c.name() + "-" + entry.created().toEpochMilli(),
            c.bufferingHints(),
            c.source() instanceof Source.KinesisStream
                ? SourceDecoder.KINESIS
                : SourceDecoder.PLAIN,
            delivery,
            config.pollTimeout());
    return loop[0].start();
  }

  private RecordTransformer transformer(DeliveryStreamConfig c) {
    Processing p = c.processing();
    if (p.isHttp()) {
      return new LambdaHttpTransformer(
          URI.create(p.function()),
          "arn:aws:firehose:"
              + config.region()
              + ":"
              + config.account()
              + ":deliverystream/"
              + c.name(),
          config.region());
    }
    RecordTransformer t = config.transformers().get(p.transformerName());
    if (t != null) {
      return t;
    }
    return request -> {
      throw new IllegalStateException(
          "no transformer named " + p.transformerName() + " is registered");
    };
  }

  private DeliveryMetrics metrics(String name, String kind) {
    return metrics.computeIfAbsent(
        name + "/" + kind, n -> new DeliveryMetrics(config.meters(), name, kind));
  }

  private String arn(String name) {
    return "arn:aws:firehose:"
        + config.region()
        + ":"
        + config.account()
        + ":deliverystream/"
        + name;
  }

  /** The topic a delivery stream reads. */
  public String topic(DeliveryStreamConfig c) {
    if (c.source() instanceof Source.KinesisStream k) {
      return config.kinesisTopicPrefix() + k.streamName();
    }
    if (c.source() instanceof Source.KafkaTopic t) {
      return t.topic();
    }
    return config.topicPrefix() + c.name();
  }

  public Entry find(String name) {
    return entries.get(name);
  }

  public List<String> names() {
    return new ArrayList<>(new TreeSet<>(entries.keySet()));
  }

  /**
   * Writes a delivery stream to the catalog (a new version of an existing one when {@code update})
   * and returns it once this instance sees it.
   */
  public Entry put(DeliveryStreamConfig c, boolean update) {
    Entry old = entries.get(c.name());
    Instant created = old != null && update ? old.created() : config.clock().instant();
    int version = old != null && update ? old.version() + 1 : 1;
    if (c.source() instanceof Source.DirectPut d) {
      writer.createTopic(topic(c), d.partitions());
    }
    Entry entry = new Entry(c, Instant.ofEpochMilli(created.toEpochMilli()), version);
    catalog.write(c.name(), serialize(entry), timeout);
    return Objects.requireNonNullElse(entries.get(c.name()), entry);
  }

  public void delete(String name) {
    Entry old = entries.get(name);
    catalog.write(name, null, timeout);
    if (old != null && old.config().source() instanceof Source.DirectPut) {
      writer.deleteTopic(topic(old.config()));
    }
  }

  /** Appends to a DirectPut delivery stream's topic. */
  public List<CompletableFuture<String>> append(Entry entry, List<byte[]> records) {
    String topic = topic(entry.config());
    List<CompletableFuture<String>> out = new ArrayList<>(records.size());
    for (byte[] r : records) {
      out.add(
          writer
              .append(topic, r)
              // Kafka unreachable: answer within the bound, retriable; a late acknowledgement
              // makes a duplicate only if the client retries, as with Firehose.
              .orTimeout(PUT_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
              .handle(
                  (id, error) -> {
                    if (error != null) {
                      Throwable cause =
                          error instanceof java.util.concurrent.CompletionException
                                  && error.getCause() != null
                              ? error.getCause()
                              : error;
                      throw FirehoseErrorCode.SERVICE_UNAVAILABLE.exception(
                          "Could not write to delivery stream %s: %s",
                          entry.config().name(),
                          cause instanceof java.util.concurrent.TimeoutException
                              ? "Kafka did not acknowledge in " + PUT_TIMEOUT.toMillis() + " ms"
                              : cause.getMessage());
                    }
                    DeliveryMetrics.incoming(config.meters(), entry.config().name(), r.length);
                    return id;
                  }));
    }
    return out;
  }

  private static byte[] serialize(Entry e) {
    ObjectNode node = JSON.createObjectNode();
    node.set("Config", ConfigJson.write(e.config()));
    node.put("CreateTimestamp", e.created().toEpochMilli());
    node.put("VersionId", e.version());
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static Entry parse(byte[] value) {
    try {
      JsonNode node = JSON.readTree(value);
      return new Entry(
          ConfigJson.read(Members.of(node.get("Config"))),
          Instant.ofEpochMilli(node.get("CreateTimestamp").asLong()),
          node.get("VersionId").asInt());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    closed = true;
    lifecycle.execute(
        () -> {
          running.values().forEach(r -> r.loop().close());
          running.clear();
        });
    lifecycle.shutdown();
    try {
      lifecycle.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    catalog.close();
    writer.close();
  }
}
