package io.kinesisonkafka.consumer.internals.kafka;

import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.adapter.catalog.StreamCatalog;
import io.kinesisonkafka.consumer.CheckpointFailedException;
import io.kinesisonkafka.consumer.SchedulerConfig;
import io.kinesisonkafka.consumer.ShardEndNotCheckpointedException;
import io.kinesisonkafka.consumer.ShardRecordProcessorFactory;
import io.kinesisonkafka.consumer.ShutdownException;
import io.kinesisonkafka.consumer.internals.FetchedBatch;
import io.kinesisonkafka.consumer.internals.ShardConsumer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler's worker: one thread owning one KafkaConsumer in the application's group. Its
 * assignment is its set of leases ({@link Leases} decides when each starts); it polls, hands each
 * partition's records to that shard's {@link ShardConsumer}, and notices a closed shard's end.
 * Everything here runs on the worker thread, except {@link #onWorkerThread} callers, {@link
 * #requestShutdown} and {@link #stopNow}.
 */
public final class Worker implements Runnable {
  private static final long MIN_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 2_000;
  private volatile String problem;
  private volatile String failure;

  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

  private final SchedulerConfig config;
  private final StreamCatalog catalog;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Leases leases;
  private final LinkedBlockingQueue<FutureTask<Void>> tasks = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean shutdownRequested;
  private volatile boolean stopNow;
  private volatile Thread thread;

  public Worker(
      SchedulerConfig config, StreamCatalog catalog, ShardRecordProcessorFactory factory) {
    this.config = config;
    this.catalog = catalog;
    this.consumer = new KafkaConsumer<>(ConsumerSettings.of(config, catalog.settings()));
    this.leases = new Leases(this, config, catalog, factory);
  }

  KafkaConsumer<byte[], byte[]> consumer() {
    return consumer;
  }

  Duration commitTimeout() {
    return config.failoverTime();
  }

  /** Completes when the worker thread has stopped and closed its consumer. */
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  /** Processors checkpoint and hand their leases over; then the worker leaves the group. */
  public void requestShutdown() {
    shutdownRequested = true;
    consumer.wakeup();
  }

  /** Stops without letting processors checkpoint (their leases are lost). */
  public void stopNow() {
    stopNow = true;
    consumer.wakeup();
  }

  /** Runs {@code action} on the worker thread (at once if called there) and waits for it. */
  void onWorkerThread(Runnable action) {
    if (Thread.currentThread() == thread) {
      action.run();
      return;
    }
    if (stopped.isDone()) {
      throw new ShutdownException("The scheduler has stopped", null);
    }
    FutureTask<Void> task = new FutureTask<>(action, null);
    tasks.add(task);
    consumer.wakeup();
    try {
      task.get(config.failoverTime().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new CheckpointFailedException("Checkpoint failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new CheckpointFailedException("The worker thread did not take the checkpoint", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CheckpointFailedException("Interrupted while checkpointing", e);
    }
  }

  /**
   * Serving; waiting while Kafka cannot be reached (the loop retries by itself); failed once the
   * worker stopped on an error it cannot go on from.
   */
  public Health health() {
    if (stopped.isCompletedExceptionally()) {
      return Health.failed("worker " + config.workerId() + " stopped: " + failure);
    }
    String current = problem;
    return current == null
        ? Health.serving()
        : Health.waiting("worker " + config.workerId() + " cannot reach Kafka: " + current);
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.apache.kafka.common.errors.InterruptException(e);
    }
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    long backoffMs = MIN_BACKOFF_MS;
    try {
      List<String> topics = config.streams().stream().map(catalog::topicOf).toList();
      consumer.subscribe(topics, new Listener());
      while (!stopNow) {
        runTasks();
        if (shutdownRequested) {
          leases.handOverAll();
          break;
        }
        try {
          leases.advance(System.nanoTime());
          deliver(consumer.poll(config.idleTimeBetweenReads()));
          leases.checkEnds(System.nanoTime());
          if (problem != null) {
            LOG.info("Worker {} reaches Kafka again", config.workerId());
            problem = null;
          }
          backoffMs = MIN_BACKOFF_MS;
        } catch (WakeupException e) {
          // a checkpoint from another thread or a shutdown wants the loop: go round again
        } catch (RetriableException e) {
          // Kafka unreachable or a coordinator moving: the consumer stays usable, the group
          // takes leases away if the outage outlasts the session; go round again after a pause.
          if (problem == null) {
            LOG.warn("Worker {} cannot reach Kafka, retrying: {}", config.workerId(), e.toString());
          }
          problem = e.toString();
          pause(backoffMs);
          backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
      }
      if (stopNow) {
        leases.loseAll();
      }
    } catch (RuntimeException | Error e) {
      LOG.error("Worker {} of {} stopped: {}", config.workerId(), config.applicationName(), e, e);
      failure = e.toString();
      leases.loseAll();
      close();
      stopped.completeExceptionally(e);
      return;
    }
    close();
    stopped.complete(null);
  }

  private void close() {
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.warn("Closing the consumer of worker {}: {}", config.workerId(), e.toString());
    }
    for (FutureTask<Void> t; (t = tasks.poll()) != null; ) {
      t.cancel(false);
    }
  }

  private void runTasks() {
    for (FutureTask<Void> t; (t = tasks.poll()) != null; ) {
      t.run();
    }
  }

  private void deliver(ConsumerRecords<byte[], byte[]> records) {
    if (records.isEmpty()) {
      return;
    }
    long now = config.clock().millis();
    for (TopicPartition tp : records.partitions()) {
      ShardConsumer shard = leases.processing(tp);
      if (shard == null) {
        continue;
      }
      Optional<ShardView> view = leases.view(tp);
      view.ifPresent(shard::update);
      long end = view.filter(ShardView::isClosed).map(ShardView::endOffset).orElse(Long.MAX_VALUE);
      List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
      int size = batch.size();
      while (size > 0 && batch.get(size - 1).offset() >= end) {
        size--;
      }
      if (size == 0) {
        continue;
      }
      long lastTimestamp = batch.get(size - 1).timestamp();
      OptionalLong lag = consumer.currentLag(tp);
      long behind = lag.isPresent() && lag.getAsLong() > 0 ? Math.max(0, now - lastTimestamp) : 0;
      shard.process(new KafkaBatch(batch, size), behind);
    }
  }

  /** A partition's records of one poll, up to the shard's end, read in place. */
  private record KafkaBatch(List<ConsumerRecord<byte[], byte[]>> records, int size)
      implements FetchedBatch {
    @Override
    public long offset(int i) {
      return records.get(i).offset();
    }

    @Override
    public long timestampMillis(int i) {
      return records.get(i).timestamp();
    }

    @Override
    public byte[] key(int i) {
      return records.get(i).key();
    }

    @Override
    public byte[] value(int i) {
      return records.get(i).value();
    }

    @Override
    public String explicitHashKey(int i) {
      Header h = records.get(i).headers().lastHeader(HashKeys.EXPLICIT_HASH_KEY_HEADER);
      return h == null ? null : new String(h.value(), StandardCharsets.US_ASCII);
    }
  }

  /** Tells {@link Leases} what the group does to this worker's assignment. */
  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      consumer.pause(partitions);
      leases.assigned(partitions);
      // Start what can start now, inside the rebalance: the partitions resume before the
      // consumer fetches anything, instead of a poll later.
      leases.advance(System.nanoTime());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      leases.revoked(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      leases.lost(partitions);
    }
  }

  /** Reports a shard that ended without a SHARD_END checkpoint (an actionable error). */
  void reportShardEndNotCheckpointed(String stream, ShardView shard, List<ShardView> children) {
    ShardEndNotCheckpointedException e =
        new ShardEndNotCheckpointedException(
            "The processor of stream "
                + stream
                + ", "
                + shard.shardId()
                + " returned from shardEnded without checkpointing at SHARD_END, so its child"
                + " shards "
                + children.stream().map(ShardView::shardId).toList()
                + " are not processed by any worker of application "
                + config.applicationName()
                + ". Call input.checkpointer().checkpoint() in shardEnded. shardEnded is called"
                + " again in "
                + config.shardEndRetryInterval().toMillis()
                + " ms.");
    LOG.error(e.getMessage());
    config.errorHandler().accept(e);
  }
}
