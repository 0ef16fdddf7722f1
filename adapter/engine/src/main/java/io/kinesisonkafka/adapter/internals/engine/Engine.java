package io.kinesisonkafka.adapter.internals.engine;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.kafka.KafkaSettings;
import io.kinesisonkafka.adapter.internals.kafka.RecordLog;
import io.kinesisonkafka.adapter.internals.kafka.ShardReader;
import io.kinesisonkafka.adapter.internals.kafka.TopicAdmin;
import io.kinesisonkafka.adapter.internals.mapping.ShardIterators;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the engine's parts together and closes them in reverse order. */
public final class Engine implements AutoCloseable {
  private static final int MAX_RECORD_BYTES = StreamAdmin.MAX_RECORD_KIB * 1024;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final EngineConfig config;
  private final List<AutoCloseable> closeables;
  private final StreamAdmin admin;
  private final ShardListing listing;
  private final RecordWriter writer;
  private final RecordReader reader;
  private final Resharder resharder;
  private final ConsumerRegistrations consumers;
  private final Subscriptions subscriptions;
  private CatalogLog catalog;

  private Engine(
      EngineConfig config,
      List<AutoCloseable> closeables,
      StreamAdmin admin,
      ShardListing listing,
      RecordWriter writer,
      RecordReader reader,
      Resharder resharder,
      ConsumerRegistrations consumers,
      Subscriptions subscriptions) {
    this.config = config;
    this.closeables = closeables;
    this.admin = admin;
    this.listing = listing;
    this.writer = writer;
    this.reader = reader;
    this.resharder = resharder;
    this.consumers = consumers;
    this.subscriptions = subscriptions;
  }

  public static Engine start(EngineConfig config) {
    int instance = INSTANCES.incrementAndGet();
    KafkaSettings kafka = new KafkaSettings(config.catalogSettings(), "kinesis-engine-" + instance);
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      TopicAdmin topics =
          new TopicAdmin(kafka, config.replicationFactor(), config.requestTimeout());
      opened.add(topics);
      CatalogLog catalog = CatalogLog.open(kafka, topics, config.catalogSettings());
      opened.add(catalog);
      if (catalog.state().iteratorKey() == null) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        catalog.append(
            new CatalogCommand.InitCluster(Base64.getEncoder().encodeToString(key)),
            config.requestTimeout());
      }
      ShardIterators iterators =
          new ShardIterators(Base64.getDecoder().decode(catalog.state().iteratorKey()));
      RecordLog records = new RecordLog(kafka, MAX_RECORD_BYTES);
      opened.add(records);
      ShardReader shardReader = new ShardReader(kafka, config.readerPoolSize(), 5);
      opened.add(shardReader);
      EngineContext ctx =
          new EngineContext(config, catalog, topics, records, shardReader, iterators);
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              2,
              r -> {
                Thread t = new Thread(r, "kinesis-engine-" + instance + "-control");
                t.setDaemon(true);
                return t;
              });
      StreamLifecycle lifecycle = new StreamLifecycle(ctx, executor);
      opened.add(lifecycle);
      lifecycle.start();
      ShardThrottle throttle = new ShardThrottle(config.shardLimits());
      ShardListing listing = new ShardListing(ctx);
      RecordReader reader = new RecordReader(ctx, throttle);
      ConsumerRegistrations consumers = new ConsumerRegistrations(ctx, lifecycle);
      Engine engine =
          new Engine(
              config,
              opened,
              new StreamAdmin(ctx, listing, lifecycle),
              listing,
              new RecordWriter(ctx, throttle),
              reader,
              new Resharder(ctx, lifecycle),
              consumers,
              new Subscriptions(ctx, kafka, consumers, reader));
      engine.catalog = catalog;
      return engine;
    } catch (RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  public EngineConfig config() {
    return config;
  }

  public StreamAdmin admin() {
    return admin;
  }

  public ShardListing listing() {
    return listing;
  }

  public RecordWriter writer() {
    return writer;
  }

  public RecordReader reader() {
    return reader;
  }

  public Resharder resharder() {
    return resharder;
  }

  public ConsumerRegistrations consumers() {
    return consumers;
  }

  public Subscriptions subscriptions() {
    return subscriptions;
  }

  /** Whether the catalog view was refreshed from Kafka within the last ten seconds. */
  public boolean ready() {
    return System.nanoTime() - catalog.freshAsOfNanos() < 10_000_000_000L;
  }

  @Override
  public void close() {
    closeAll(closeables);
  }

  private static void closeAll(List<AutoCloseable> closeables) {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(Engine.class).warn("close failed", e);
      }
    }
  }
}
