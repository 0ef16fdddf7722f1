package io.kinesisonkafka.consumer;

import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.catalog.StreamCatalog;
import io.kinesisonkafka.consumer.internals.kafka.Worker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The KCL's scheduler on a Kafka consumer group: one worker of an application. Start as many
 * workers (in as many processes) as you like with the same application name; the group spreads the
 * shards (partitions) over them, and a worker that stops heartbeating loses its shards to the
 * others after the {@linkplain SchedulerConfig#failoverTime() failover time}.
 *
 * <pre>{@code
 * SchedulerConfig config = SchedulerConfig.custom()
 *     .applicationName("billing").stream("orders").bootstrapServers("kafka:9092")
 *     .initialPosition(InitialPosition.TRIM_HORIZON).build();
 * try (Scheduler scheduler = Scheduler.start(config, MyProcessor::new)) {
 *   ...
 * } // close(): processors checkpoint in shutdownRequested, then the worker leaves the group
 * }</pre>
 *
 * <p><b>Threads.</b> One worker thread per scheduler (from {@link SchedulerConfig#threadFactory()})
 * reads from Kafka and calls every processor. The methods here are thread-safe.
 *
 * <p><b>Errors.</b> Processor failures go to {@link SchedulerConfig#errorHandler()}. An error of
 * the worker itself (e.g. Kafka refusing the group) stops the worker: it is logged, its processors
 * get {@link ShardRecordProcessor#leaseLost}, and {@link #startGracefulShutdown()}'s future
 * completes with false.
 */
public final class Scheduler implements AutoCloseable {
  private final SchedulerConfig config;
  private final StreamCatalog catalog;
  private final Worker worker;
  private final Thread thread;

  private Scheduler(SchedulerConfig config, StreamCatalog catalog, Worker worker, Thread thread) {
    this.config = config;
    this.catalog = catalog;
    this.worker = worker;
    this.thread = thread;
  }

  /**
   * Opens the stream catalog, joins the application's consumer group and starts processing. Returns
   * once the worker thread is started; shards are leased and processed on that thread afterwards.
   *
   * @param config the configuration
   * @param factory makes a processor per shard leased
   * @return the running scheduler; close it to leave the group
   * @throws NullPointerException if {@code config} or {@code factory} is null
   * @throws io.kinesisonkafka.adapter.errors.KinesisException if Kafka cannot be reached
   */
  public static Scheduler start(SchedulerConfig config, ShardRecordProcessorFactory factory) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(factory, "factory");
    CatalogSettings settings =
        CatalogSettings.custom()
            .bootstrapServers(config.bootstrapServers())
            .kafkaProperties(config.kafkaProperties())
            .topicPrefix(config.topicPrefix())
            .catalogTopic(config.catalogTopic())
            .build();
    StreamCatalog catalog = StreamCatalog.open(settings);
    try {
      Worker worker = new Worker(config, catalog, factory);
      Thread thread = config.threadFactory().newThread(worker);
      thread.start();
      return new Scheduler(config, catalog, worker, thread);
    } catch (RuntimeException e) {
      catalog.close();
      throw e;
    }
  }

  /**
   * How the scheduler is doing: serving; waiting while Kafka cannot be reached (the catalog reader
   * and the worker retry by themselves, and the group hands leases out again once Kafka is back);
   * failed once the worker stopped on an error it cannot go on from, when only a new scheduler
   * helps. Never blocks; meant for the application's health check.
   *
   * @return the worst health of the catalog reader and the worker
   */
  public Health health() {
    return catalog.health().worst(worker.health());
  }

  /**
   * The configuration this scheduler was started with.
   *
   * @return the configuration
   */
  public SchedulerConfig config() {
    return config;
  }

  /**
   * Starts a graceful shutdown: every processor gets {@link ShardRecordProcessor#shutdownRequested}
   * and may checkpoint, then the worker leaves the group so the others take its shards at once.
   * Returns at once; calling it again returns the same outcome. Does not close the catalog view:
   * {@link #close(Duration)} does.
   *
   * @return completes with true once the worker stopped, false if it stopped on an error
   */
  public CompletableFuture<Boolean> startGracefulShutdown() {
    worker.requestShutdown();
    return worker.stopped().handle((ok, e) -> e == null);
  }

  /**
   * Whether the worker thread has stopped, after a shutdown or on an error.
   *
   * @return true once the worker stopped
   */
  public boolean isStopped() {
    return worker.stopped().isDone();
  }

  /**
   * Shuts down gracefully, waiting up to {@code timeout}; after that, stops at once (processors not
   * yet called get {@link ShardRecordProcessor#leaseLost}). Then waits up to {@code timeout} again
   * for the worker thread to end, and closes the catalog view. Keeps the interrupt flag if
   * interrupted.
   *
   * @param timeout how long processors may take to checkpoint
   */
  public void close(Duration timeout) {
    try {
      startGracefulShutdown().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      worker.stopNow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.stopNow();
    } catch (Exception e) {
      // stopped on an error: already logged and reported
    }
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    catalog.close();
  }

  /** {@link #close(Duration)} with the configured graceful shutdown timeout. */
  @Override
  public void close() {
    close(config.gracefulShutdownTimeout());
  }
}
