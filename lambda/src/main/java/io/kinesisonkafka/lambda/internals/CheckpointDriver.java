package io.kinesisonkafka.lambda.internals;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One thread per runner that moves shard checkpoints as batches finish: lane threads must not wait
 * on the consumer's worker thread (which may be waiting for them), so they leave the position with
 * their shard and wake this thread. Every shard is also looked at once a second, which retries
 * checkpoints Kafka did not take.
 */
final class CheckpointDriver implements AutoCloseable {
  static final long MIN_INTERVAL_MS = 200;

  private final MappingRuntime runtime;
  private final Set<ShardProcessor> shards = ConcurrentHashMap.newKeySet();
  private final LinkedBlockingQueue<ShardProcessor> wakeups = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  CheckpointDriver(MappingRuntime runtime) {
    this.runtime = runtime;
    this.thread =
        new Thread(this::run, "lambda-" + runtime.mapping.functionName() + "-checkpoints");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void register(ShardProcessor shard) {
    shards.add(shard);
  }

  void deregister(ShardProcessor shard) {
    shards.remove(shard);
  }

  void wake(ShardProcessor shard) {
    wakeups.offer(shard);
  }

  private void run() {
    try {
      while (!closed) {
        ShardProcessor first = wakeups.poll(1, TimeUnit.SECONDS);
        wakeups.clear();
        if (first != null && shards.contains(first)) {
          first.checkpointPending();
        }
        for (ShardProcessor s : shards) {
          s.checkpointPending();
        }
        Thread.sleep(MIN_INTERVAL_MS);
      }
    } catch (InterruptedException e) {
      // closing
    } catch (RuntimeException | Error e) {
      runtime.fail("the checkpoint thread stopped", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
