package io.kinesisonkafka.adapter.internals.engine;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.kafka.CoordinationLog;
import io.kinesisonkafka.adapter.internals.kafka.FanOutReaders;
import io.kinesisonkafka.adapter.internals.kafka.KafkaSettings;
import io.kinesisonkafka.adapter.internals.kafka.RecordLog;
import io.kinesisonkafka.adapter.internals.kafka.ShardReader;
import io.kinesisonkafka.adapter.internals.kafka.TopicAdmin;
import io.kinesisonkafka.adapter.internals.mapping.ShardIterators;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Builds an engine's parts in dependency order (Kafka clients, the catalog, the operations) and
 * hands them to {@code KinesisEngine}, which calls the operations directly. Kept here so that the
 * operations' constructors stay package-private: only this wiring makes them.
 */
public final class EngineWiring {
  private static final int MAX_RECORD_BYTES = StreamAdmin.MAX_RECORD_KIB * 1024;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /** A catalog view older than this makes the engine unready (it refreshes every ~100 ms). */
  private static final Duration STALE_AFTER = Duration.ofSeconds(5);

  private EngineWiring() {}

  /**
   * An engine's operations, its catalog view (for readiness) and what closes them all, in reverse
   * order of opening.
   */
  public record Parts(
      CatalogLog catalog,
      StreamAdmin admin,
      ShardListing listing,
      RecordWriter writer,
      RecordReader reader,
      Resharder resharder,
      ConsumerRegistrations consumers,
      Subscriptions subscriptions,
      Supplier<Health> health,
      AutoCloseable closer) {}

  /**
   * Connects to Kafka, opens the catalog (creating its topic and the cluster's iterator key if this
   * is the cluster's first engine) and starts the stream lifecycle.
   *
   * @throws io.kinesisonkafka.adapter.errors.KinesisException if Kafka cannot be reached in time
   */
  public static Parts start(EngineConfig config) {
    int instance = INSTANCES.incrementAndGet();
    KafkaSettings kafka = new KafkaSettings(config.catalogSettings(), "kinesis-engine-" + instance);
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      TopicAdmin topics =
          new TopicAdmin(kafka, config.replicationFactor(), config.requestTimeout());
      opened.add(topics);
      CatalogLog catalog = CatalogLog.open(kafka, topics, config.catalogSettings());
      opened.add(catalog);
      ShardIterators iterators = iterators(catalog, config);
      CoordinationLog coordination =
          CoordinationLog.open(
              kafka,
              topics,
              CoordinationLog.topicFor(config.catalogSettings().catalogTopic()),
              // Opened at start, like the catalog: wait for a cluster that is still settling.
              config.requestTimeout().compareTo(CatalogSettings.START_TIMEOUT) >= 0
                  ? config.requestTimeout()
                  : CatalogSettings.START_TIMEOUT);
      opened.add(coordination);
      RecordLog records = new RecordLog(kafka, MAX_RECORD_BYTES);
      opened.add(records);
      ShardReader shardReader = new ShardReader(kafka, config.readerPoolSize(), 5);
      opened.add(shardReader);
      StreamLookup lookup =
          new StreamLookup(catalog, config.catalogSettings(), new ModelConstraints(config));
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              2,
              r -> {
                Thread t = new Thread(r, "kinesis-engine-" + instance + "-control");
                t.setDaemon(true);
                return t;
              });
      StreamLifecycle lifecycle = new StreamLifecycle(config, lookup, catalog, topics, executor);
      opened.add(lifecycle);
      lifecycle.start();
      ShardThrottle throttle = new ShardThrottle(config.shardLimits(), coordination::share);
      ShardListing listing = new ShardListing(config, lookup, catalog);
      RecordReader reader =
          new RecordReader(config, lookup, catalog, topics, shardReader, iterators, throttle);
      ConsumerRegistrations consumers =
          new ConsumerRegistrations(config, lookup, catalog, lifecycle);
      String subscriptionThreads = "kinesis-engine-" + instance + "-subscriptions";
      ExecutorService delivery =
          Executors.newFixedThreadPool(
              config.subscriptionReaders(), named(subscriptionThreads + "-delivery"));
      opened.add(delivery::shutdownNow);
      // Closed before the delivery pool: the readers fail the waits still open through it.
      FanOutReaders fanOut =
          new FanOutReaders(kafka, config.subscriptionReaders(), subscriptionThreads);
      opened.add(fanOut);
      return new Parts(
          catalog,
          new StreamAdmin(config, lookup, catalog, topics, listing, lifecycle),
          listing,
          new RecordWriter(config, lookup, catalog, records, throttle),
          reader,
          new Resharder(config, lookup, catalog, lifecycle),
          consumers,
          new Subscriptions(
              config,
              lookup,
              catalog,
              iterators,
              fanOut,
              delivery,
              consumers,
              reader,
              coordination),
          () ->
              catalog
                  .health(STALE_AFTER)
                  .worst(lifecycle.health())
                  .worst(coordinationHealth(coordination)),
          () -> closeAll(opened));
    } catch (RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  /** Failed once the coordination reader stopped; waiting while its view is not fresh. */
  private static Health coordinationHealth(CoordinationLog coordination) {
    Throwable failed = coordination.failure();
    if (failed != null) {
      return Health.failed("coordination reader stopped: " + failed);
    }
    return coordination.freshWithin(STALE_AFTER)
        ? Health.serving()
        : Health.waiting("coordination view older than " + STALE_AFTER.toSeconds() + " s");
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The cluster's iterator key, made by the first engine and kept in the catalog. */
  private static ShardIterators iterators(CatalogLog catalog, EngineConfig config) {
    if (catalog.state().iteratorKey() == null) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      catalog.append(
          new CatalogCommand.InitCluster(Base64.getEncoder().encodeToString(key)),
          config.requestTimeout());
    }
    return new ShardIterators(Base64.getDecoder().decode(catalog.state().iteratorKey()));
  }

  private static void closeAll(List<AutoCloseable> closeables) {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        LoggerFactory.getLogger(EngineWiring.class).warn("close failed", e);
      }
    }
  }
}
