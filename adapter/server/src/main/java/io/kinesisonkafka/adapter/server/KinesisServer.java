package io.kinesisonkafka.adapter.server;

import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.server.http.Endpoints;
import io.kinesisonkafka.adapter.server.http.HttpServer;
import io.kinesisonkafka.adapter.server.operations.KinesisApi;
import io.kinesisonkafka.adapter.server.protocol.OperationRegistry;
import io.kinesisonkafka.adapter.server.protocol.ProtocolHandler;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Kinesis Data Streams endpoint: the HTTP transport, the AWS protocol and the engine, wired
 * together. Other APIs served on the same endpoint register their operations in {@link
 * #registry()}.
 */
public final class KinesisServer implements AutoCloseable {
  private final KinesisEngine engine;
  private final HttpServer http;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService subscriptionTimer;
  private final OperationRegistry registry;
  private final PrometheusMeterRegistry meters;

  private KinesisServer(
      KinesisEngine engine,
      HttpServer http,
      ThreadPoolExecutor workers,
      ScheduledExecutorService subscriptionTimer,
      OperationRegistry registry,
      PrometheusMeterRegistry meters) {
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
    KinesisEngine engine =
        KinesisEngine.start(
            config.engineConfig(bootstrapServers).toBuilder()
                .streamMetrics(new CloudWatchStyleMetrics(meters))
                .build());
    return start(config, engine, meters);
  }

  /** Serves an engine the caller started; closing the server closes it. */
  public static KinesisServer start(ServerConfig config, KinesisEngine engine) {
    return start(config, engine, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  private static KinesisServer start(
      ServerConfig config, KinesisEngine engine, PrometheusMeterRegistry meters) {
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
      HttpServer http =
          HttpServer.start(
              config.httpConfig(), protocol, Endpoints.of(engine::ready, meters::scrape));
      return new KinesisServer(engine, http, workers, subscriptionTimer, registry, meters);
    } catch (RuntimeException e) {
      workers.shutdownNow();
      subscriptionTimer.shutdownNow();
      engine.close();
      throw e;
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
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
