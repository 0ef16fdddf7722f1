package io.kinesisonkafka.adapter.server;

import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.model.ListStreamsRequest;
import io.kinesisonkafka.adapter.model.ListStreamsResult;
import io.kinesisonkafka.adapter.server.http.Endpoints;
import io.kinesisonkafka.adapter.server.http.HttpServer;
import io.kinesisonkafka.adapter.server.operations.KinesisApi;
import io.kinesisonkafka.adapter.server.operations.StartupWarmup;
import io.kinesisonkafka.adapter.server.protocol.OperationRegistry;
import io.kinesisonkafka.adapter.server.protocol.ProtocolHandler;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Kinesis Data Streams endpoint: the HTTP transport, the AWS protocol and the engine, wired
 * together. Other APIs served on the same endpoint register their operations in {@link
 * #registry()}.
 */
public final class KinesisServer implements AutoCloseable {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(KinesisServer.class);
  private final List<Supplier<Health>> healthChecks;
  private final KinesisEngine engine;
  private final HttpServer http;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService subscriptionTimer;
  private final OperationRegistry registry;
  private final PrometheusMeterRegistry meters;
  private KafkaPathWarmup.Result warmedUp; // set once, before the server is handed out

  private KinesisServer(
      KinesisEngine engine,
      HttpServer http,
      ThreadPoolExecutor workers,
      ScheduledExecutorService subscriptionTimer,
      OperationRegistry registry,
      PrometheusMeterRegistry meters,
      List<Supplier<Health>> healthChecks) {
    this.healthChecks = healthChecks;
    this.engine = engine;
    this.http = http;
    this.workers = workers;
    this.subscriptionTimer = subscriptionTimer;
    this.registry = registry;
    this.meters = meters;
  }

  /** Starts the engine on {@code bootstrapServers} and the endpoint in front of it. */
  public static KinesisServer start(ServerConfig config, String bootstrapServers) {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CompletableFuture<Long> warmup = warmUp(config); // while the engine reads the catalog
    KinesisEngine engine =
        KinesisEngine.start(
            config.engineConfig(bootstrapServers).toBuilder()
                .streamMetrics(new CloudWatchStyleMetrics(meters))
                .build());
    return start(config, engine, meters, warmup);
  }

  /** Serves an engine the caller started; closing the server closes it. */
  public static KinesisServer start(ServerConfig config, KinesisEngine engine) {
    return start(
        config, engine, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), warmUp(config));
  }

  /**
   * Runs {@link StartupWarmup} on a thread of its own; the port opens once it is done. A failure is
   * logged and the server starts anyway: the warm-up only saves the first clients time.
   */
  private static CompletableFuture<Long> warmUp(ServerConfig config) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    int records = config.startupWarmupRecords();
    if (records == 0) {
      done.complete(0L);
      return done;
    }
    Thread thread =
        new Thread(
            () -> {
              long start = System.nanoTime();
              try {
                long worked = StartupWarmup.run(records);
                log.info(
                    "Warmed up the PutRecords/GetRecords path on {} synthetic records in {} ms",
                    worked,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                done.complete(worked);
              } catch (RuntimeException | Error e) {
                log.warn("Start-up warm-up failed; serving without it", e);
                done.complete(0L);
              }
            },
            "kinesis-warmup");
    thread.setDaemon(true);
    thread.start();
    return done;
  }

  private static KinesisServer start(
      ServerConfig config,
      KinesisEngine engine,
      PrometheusMeterRegistry meters,
      CompletableFuture<Long> warmup) {
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            config.apiThreads(),
            config.apiThreads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            named("kinesis-api"));
    ScheduledExecutorService subscriptionTimer =
        Executors.newSingleThreadScheduledExecutor(named("kinesis-subscription-timer"));
    OperationRegistry registry = new OperationRegistry();
    List<Supplier<Health>> checks = new CopyOnWriteArrayList<>();
    if (!config.faultRules().isEmpty()) {
      log.warn("Injecting faults for testing clients: {}", config.faultRules());
      registry.decorate(new FaultInjection(config.faultRules(), meters)::wrap);
    }
    checks.add(engine::health);
    KinesisApi.register(
        registry,
        engine,
        workers,
        subscriptionTimer,
        config.subscriptionLifetime(),
        Duration.ofSeconds(2));
    ProtocolHandler.RequestAuthenticator auth =
        config.authEnabled()
            ? new SigV4Authenticator(config.credentials(), config.region())
            : ProtocolHandler.RequestAuthenticator.NONE;
    ProtocolHandler protocol =
        new ProtocolHandler(
            registry,
            workers,
            auth,
            (target, error, nanos) ->
                Timer.builder("kinesis.api.requests")
                    .tag("operation", target == null ? "unknown" : target)
                    .tag("error", error == null ? "none" : error.wireName())
                    .register(meters)
                    .record(nanos, TimeUnit.NANOSECONDS));
    try {
      createStreams(config, engine);
      warmup.join();
      KafkaPathWarmup.Result warmedUp = warmUpThroughKafka(config, registry, workers, meters);
      HttpServer http =
          HttpServer.start(
              config.httpConfig(),
              protocol,
              Endpoints.of(
                  () -> probe(health(checks)),
                  () -> {
                    dropMetersOfDeletedStreams(engine, meters);
                    return meters.scrape();
                  }));
      KinesisServer server =
          new KinesisServer(engine, http, workers, subscriptionTimer, registry, meters, checks);
      server.warmedUp = warmedUp;
      return server;
    } catch (RuntimeException e) {
      workers.shutdownNow();
      subscriptionTimer.shutdownNow();
      engine.close();
      throw e;
    }
  }

  /**
   * Runs {@link KafkaPathWarmup} through the operations this server serves (without its
   * authentication and request metrics), then drops the per-stream meters of its stream. A failure
   * is logged and the server starts anyway.
   */
  private static KafkaPathWarmup.Result warmUpThroughKafka(
      ServerConfig config,
      OperationRegistry registry,
      ThreadPoolExecutor workers,
      PrometheusMeterRegistry meters) {
    int records = config.startupWarmupKafkaRecords();
    if (records == 0) {
      return null;
    }
    if (config.limits().enabled()) {
      // A shard takes 1,000 records/s then: the warm-up would be throttled to a crawl, and a
      // server whose shards are held to that does not wait on its JIT.
      log.info("No warm-up through Kafka: per-shard limits are on (limits.enabled)");
      return null;
    }
    ProtocolHandler unobserved =
        new ProtocolHandler(
            registry,
            workers,
            ProtocolHandler.RequestAuthenticator.NONE,
            ProtocolHandler.CallObserver.NONE);
    try {
      KafkaPathWarmup.Result r = KafkaPathWarmup.run(unobserved, records, Duration.ofSeconds(60));
      log.info(
          "Warmed up through Kafka: {} records put and {} read back in stream {} (deleted) in {}"
              + " ms",
          r.put(),
          r.read(),
          r.stream(),
          r.millis());
      return r;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("Warm-up through Kafka failed; serving without it: {}", e.toString());
      return null;
    } finally {
      List.copyOf(meters.getMeters()).stream()
          .filter(
              m -> {
                String stream = m.getId().getTag("stream");
                return stream != null && stream.startsWith(KafkaPathWarmup.STREAM_PREFIX);
              })
          .forEach(meters::remove);
    }
  }

  /**
   * Removes the per-stream meters of streams the catalog no longer holds, so that deleted (and
   * short-lived) streams do not stay in /metrics for the life of the process. A stream created
   * again under the same name starts its counters from zero, as Prometheus expects after a reset.
   * Skipped while the catalog cannot be read.
   */
  static void dropMetersOfDeletedStreams(KinesisEngine engine, MeterRegistry meters) {
    Set<String> tagged = new HashSet<>();
    for (Meter m : meters.getMeters()) {
      String stream = m.getId().getTag("stream");
      if (stream != null) {
        tagged.add(stream);
      }
    }
    if (tagged.isEmpty()) {
      return;
    }
    Set<String> existing = new HashSet<>();
    try {
      ListStreamsResult page = engine.listStreams(ListStreamsRequest.all());
      existing.addAll(page.streamNames());
      while (page.nextToken() != null) {
        page = engine.listStreams(ListStreamsRequest.next(page.nextToken()));
        existing.addAll(page.streamNames());
      }
    } catch (RuntimeException e) {
      return; // the catalog is unavailable: keep everything
    }
    tagged.removeAll(existing);
    if (tagged.isEmpty()) {
      return;
    }
    for (Meter m : List.copyOf(meters.getMeters())) {
      if (tagged.contains(m.getId().getTag("stream"))) {
        meters.remove(m);
      }
    }
  }

  /** The streams of create.streams that do not exist yet; one that does is left as it is. */
  private static void createStreams(ServerConfig config, KinesisEngine engine) {
    config
        .createStreams()
        .forEach(
            (name, shards) -> {
              try {
                engine.createStream(
                    io.kinesisonkafka.adapter.model.CreateStreamRequest.provisioned(name, shards));
                log.info("Created stream {} with {} shards (create.streams)", name, shards);
              } catch (io.kinesisonkafka.adapter.errors.KinesisException e) {
                if (e.code() != io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_IN_USE) {
                  throw e;
                }
              }
            });
  }

  private static Health health(List<Supplier<Health>> checks) {
    Health worst = Health.serving();
    for (Supplier<Health> check : checks) {
      worst = worst.worst(check.get());
    }
    return worst;
  }

  /**
   * Adds a part to what /health and /ready report, e.g. a bridge served next to the engine: the
   * probes then answer with the worst of the engine's and every added part's health.
   *
   * @param check quick and non-blocking; called on an event-loop thread for every probe
   */
  public void addHealthCheck(Supplier<Health> check) {
    healthChecks.add(java.util.Objects.requireNonNull(check, "check"));
  }

  /**
   * The worst health of the engine and every added part, as /health and /ready report it.
   *
   * @return the worst health
   */
  public Health health() {
    return health(healthChecks);
  }

  /** Health as the probes say it: ready only while serving, alive unless failed. */
  static Endpoints.Probe probe(Health health) {
    return new Endpoints.Probe(health.isServing(), !health.isFailed(), health.detail());
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** What the warm-up through Kafka did at start; null when it was off or failed. */
  KafkaPathWarmup.Result warmedUp() {
    return warmedUp;
  }

  public KinesisEngine engine() {
    return engine;
  }

  public OperationRegistry registry() {
    return registry;
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  public int port() {
    return http.plainPort();
  }

  public int tlsPort() {
    return http.tlsPort();
  }

  /** Graceful: in-flight requests finish, subscriptions end cleanly, then the engine closes. */
  @Override
  public void close() {
    try {
      http.close();
    } finally {
      subscriptionTimer.shutdownNow();
      workers.shutdown();
      try {
        workers.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      engine.close();
    }
  }
}
