package io.kinesisonkafka.lambda.internals;

import io.kinesisonkafka.lambda.EventSourceMapping;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of a shard's {@code ParallelizationFactor} lanes: its own thread and handler instance, one
 * batch at a time, in order. Gathers a batch (BatchSize, the batching window, Lambda's 6 MB
 * payload), invokes, and applies the mapping's rules to the outcome: partial failures resume at the
 * first failed record, errors bisect (when asked) and retry with back-off until
 * MaximumRetryAttempts or MaximumRecordAgeInSeconds discard the batch to the on-failure
 * destination. With tumbling windows, carries the window's state between invocations and makes the
 * final invocation when the window is over; the window's records count as done only once that final
 * invocation succeeded, so a failover replays the whole window.
 */
final class Lane implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

  /** Lambda's synchronous invocation payload limit, counting data as base64. */
  private static final long MAX_PAYLOAD = 6L * 1024 * 1024;

  private static final List<Entry> FINAL = List.of();

  private final ShardProcessor shard;
  private final MappingRuntime rt;
  private final EventSourceMapping mapping;
  private final Invoker invoker;
  private final BatchData batchData = new BatchData();
  private final int index;

  /** The scheduler's clock: record ages, iterator age and window ends. */
  private final java.time.Clock clock;

  private final CountDownLatch ended = new CountDownLatch(1);

  // The batch being worked on, its parts still to do and the back-off: fields, not locals, so
  // that the thread the watchdog starts after a timeout carries on where the stuck one was.
  private final ArrayDeque<Attempt> work = new ArrayDeque<>();
  private boolean workWindowed;
  private long workBackoff;

  /** Guarded by the shard: records of this lane not yet in a batch. */
  final ArrayDeque<Entry> queue = new ArrayDeque<>();

  // Tumbling window state: lane thread only.
  private final long windowMillis;
  private long windowStart = -1;
  private Map<String, String> state = new HashMap<>();
  private final List<Entry> windowEntries = new ArrayList<>();

  Lane(ShardProcessor shard, int index) {
    this.shard = shard;
    this.rt = shard.rt;
    this.mapping = rt.mapping;
    this.index = index;
    this.clock = rt.config.scheduler().clock();
    this.windowMillis = mapping.tumblingWindow().toMillis();
    this.invoker =
        new Invoker(
            mapping,
            shard.shardId,
            rt.handlers,
            rt.invocations,
            rt.watchdog,
            rt.config.functionTimeout().toNanos(),
            rt.config.memoryLimitMb(),
            batchData);
  }

  @Override
  public void run() {
    runFrom(null);
  }

  /**
   * The lane's loop; after a timeout (on a new thread) it first finishes the batch whose invocation
   * timed out, with that invocation's {@code timedOut} outcome.
   */
  private void runFrom(Outcome timedOut) {
    try {
      if (timedOut != null) {
        drain(timedOut);
      }
      while (!shard.stopped) {
        List<Entry> batch = next();
        if (batch == null) {
          break;
        }
        if (windowMillis > 0) {
          windowed(batch);
        } else {
          process(batch, false);
        }
      }
    } catch (InterruptedException e) {
      // stopping
    } catch (Invoker.Abandoned e) {
      return; // timed out: the lane goes on in the thread the watchdog started (it counts down)
    } catch (RuntimeException | Error e) {
      rt.fail("lane " + index + " of " + shard.shardId + " stopped", e);
    }
    ended.countDown();
  }

  /** From the watchdog: the invocation in flight timed out; a new thread carries the lane on. */
  private void timedOut(Outcome o) {
    rt.laneThread(() -> runFrom(o), shard.shardId, index).start();
  }

  void awaitEnd(long nanos) {
    try {
      ended.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long windowOf(Entry e) {
    return e.arrivalMillis - Math.floorMod(e.arrivalMillis, windowMillis);
  }

  /** The next batch; {@link #FINAL} when the open window is over; null once stopped. */
  private List<Entry> next() throws InterruptedException {
    long batchingWindow = mapping.maximumBatchingWindow().toNanos();
    synchronized (shard) {
      while (!shard.stopped) {
        long waitMs = 1_000;
        if (windowMillis > 0 && windowStart >= 0) {
          long end = windowStart + windowMillis;
          boolean headInWindow = !queue.isEmpty() && windowOf(queue.peekFirst()) == windowStart;
          long now = clock.millis();
          if (!headInWindow && (!queue.isEmpty() || now >= end)) {
            return FINAL;
          }
          if (!headInWindow) {
            waitMs = Math.max(1, end - now);
          }
        }
        if (!queue.isEmpty()) {
          long readyIn = queue.peekFirst().enqueuedNanos + batchingWindow - System.nanoTime();
          if (queue.size() >= mapping.batchSize() || readyIn <= 0) {
            return take();
          }
          waitMs = Math.max(1, Math.min(waitMs, TimeUnit.NANOSECONDS.toMillis(readyIn) + 1));
        }
        boolean idle = queue.isEmpty() && waitMs == 1_000;
        shard.wait(waitMs);
        if (idle && queue.isEmpty()) {
          batchData.release(); // nothing came in a while: idle lanes hold no batch data
        }
      }
    }
    return null;
  }

  /** Guarded by the shard. */
  private List<Entry> take() {
    List<Entry> batch = new ArrayList<>(Math.min(queue.size(), mapping.batchSize()));
    long payload = 0;
    long window = windowMillis > 0 ? windowOf(queue.peekFirst()) : 0;
    while (!queue.isEmpty() && batch.size() < mapping.batchSize()) {
      Entry e = queue.peekFirst();
      long size = (e.record.dataSize() + 2) / 3 * 4 + e.record.partitionKeySize() + 200;
      if (!batch.isEmpty() && payload + size > MAX_PAYLOAD) {
        break;
      }
      if (windowMillis > 0 && windowOf(e) != window) {
        break;
      }
      payload += size;
      batch.add(queue.pollFirst());
    }
    return batch;
  }

  private void windowed(List<Entry> batch) throws InterruptedException {
    if (batch == FINAL) {
      long backoff = rt.config.retryBackoff().toMillis();
      while (!shard.stopped) {
        Outcome o = invoke(List.of(), true);
        if (o.kind() == Outcome.Kind.SUCCESS) {
          shard.done(windowEntries);
          windowEntries.clear();
          state = new HashMap<>();
          windowStart = -1;
          return;
        }
        // Lambda holds the shard until the window's final invocation succeeds.
        backoff = pause(backoff);
      }
      return;
    }
    long w = windowOf(batch.get(0));
    if (w != windowStart) {
      windowStart = w;
      state = new HashMap<>();
    }
    process(batch, true);
  }

  /** Invokes with a batch until it is done by the mapping's rules, or the lane stops. */
  private void process(List<Entry> batch, boolean windowed) throws InterruptedException {
    batchData.newBatch();
    work.clear();
    work.push(new Attempt(batch));
    workWindowed = windowed;
    workBackoff = rt.config.retryBackoff().toMillis();
    drain(null);
  }

  /**
   * Works through {@link #work}; {@code first}, when given, is the outcome of the invocation of its
   * top attempt (one that timed out on a thread the lane left behind).
   */
  private void drain(Outcome first) throws InterruptedException {
    boolean windowed = workWindowed;
    while (!work.isEmpty() && !shard.stopped) {
      Attempt a = work.peek();
      Outcome o = first != null ? first : invoke(a.entries, false);
      first = null;
      a.invocations++;
      if (o.kind() == Outcome.Kind.SUCCESS) {
        succeeded(a.entries, o, windowed);
        work.pop();
        workBackoff = rt.config.retryBackoff().toMillis();
        continue;
      }
      if (o.kind() == Outcome.Kind.PARTIAL) {
        // Resume at the lowest failed record; with bisect on, Lambda splits there too.
        succeeded(a.entries.subList(0, o.firstFailed()), o, windowed);
        a.entries = new ArrayList<>(a.entries.subList(o.firstFailed(), a.entries.size()));
      } else if (mapping.bisectBatchOnFunctionError() && a.entries.size() > 1) {
        work.pop();
        int half = (a.entries.size() + 1) / 2;
        work.push(new Attempt(new ArrayList<>(a.entries.subList(half, a.entries.size()))));
        work.push(new Attempt(new ArrayList<>(a.entries.subList(0, half))));
        continue;
      }
      String condition = discardCondition(a);
      if (condition != null) {
        discard(a, condition, o);
        work.pop();
        continue;
      }
      a.retries++;
      workBackoff = pause(workBackoff);
    }
  }

  private void succeeded(List<Entry> entries, Outcome o, boolean windowed) {
    if (!windowed) {
      shard.done(entries);
      return;
    }
    if (o.state() != null) {
      state = o.state();
    }
    windowEntries.addAll(entries);
  }

  private String discardCondition(Attempt a) {
    if (mapping.maximumRecordAge().isPresent()) {
      long oldest = Long.MAX_VALUE;
      for (Entry e : a.entries) {
        oldest = Math.min(oldest, e.arrivalMillis);
      }
      if (clock.millis() - oldest > mapping.maximumRecordAge().get().toMillis()) {
        return FailureRecord.RECORD_AGE_EXCEEDED;
      }
    }
    int max = mapping.maximumRetryAttempts();
    if (max >= 0 && a.retries >= max) {
      return FailureRecord.RETRIES_EXHAUSTED;
    }
    return null;
  }

  /** Sends the batch's description on-failure (until it is durable), then marks it done. */
  private void discard(Attempt a, String condition, Outcome last) throws InterruptedException {
    byte[] record =
        FailureRecord.of(
            mapping, shard.shardId, a.entries, condition, a.invocations, last, clock.instant());
    long backoff = rt.config.retryBackoff().toMillis();
    while (!shard.stopped) {
      try {
        rt.sink.deliver(shard.shardId, record);
        break;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        rt.metrics.destinationDeliveryFailures.increment();
        LOG.warn(
            "{} {}: the on-failure destination did not take a record, retrying: {}",
            mapping.functionName(),
            shard.shardId,
            e.toString());
        backoff = pause(backoff);
      }
    }
    if (shard.stopped) {
      return;
    }
    LOG.warn(
        "{} {}: discarded {} records ({} .. {}): {} after {} invocations, last error: {}",
        mapping.functionName(),
        shard.shardId,
        a.entries.size(),
        a.entries.get(0).record.sequenceNumber(),
        a.entries.get(a.entries.size() - 1).record.sequenceNumber(),
        condition,
        a.invocations,
        last.error());
    rt.metrics.dropped.increment(a.entries.size());
    if (mapping.onFailureDestination().isPresent()) {
      rt.metrics.onFailureDelivered.increment(a.entries.size());
    }
    shard.done(a.entries);
  }

  private Outcome invoke(List<Entry> entries, boolean isFinal) {
    long start = System.nanoTime();
    if (!entries.isEmpty()) {
      rt.metrics.iteratorAge.record(
          Math.max(0, clock.millis() - entries.get(entries.size() - 1).arrivalMillis));
    }
    if (windowMillis > 0) {
      return invoked(entries, invoker.invokeWindow(entries, windowStart, state, isFinal), start);
    }
    // On this thread; on a timeout the watchdog starts the lane's next thread with the outcome.
    return invoked(
        entries, invoker.invoke(entries, o -> timedOut(invoked(entries, o, start))), start);
  }

  /** Counts an invocation's outcome in the metrics and logs a failed one. */
  private Outcome invoked(List<Entry> entries, Outcome o, long start) {
    rt.metrics.duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    rt.metrics.invocations.increment();
    rt.metrics.invokedEvents.increment(entries.size());
    if (o.kind() != Outcome.Kind.SUCCESS) {
      rt.metrics.failedInvokeEvents.increment(entries.size());
    }
    if (o.kind() == Outcome.Kind.ERROR && o.functionError() != null) {
      rt.metrics.errors.increment();
    }
    if (o.kind() == Outcome.Kind.ERROR) {
      LOG.debug(
          "{} {}: invocation of {} records failed: {}",
          mapping.functionName(),
          shard.shardId,
          entries.size(),
          o.error());
    }
    return o;
  }

  /** Sleeps {@code millis} in short slices while the lane runs; returns the next back-off. */
  private long pause(long millis) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!shard.stopped) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        break;
      }
      Thread.sleep(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
    }
    return Math.min(millis * 2, rt.config.maxRetryBackoff().toMillis());
  }

  /** A batch (or a part of one) being retried. */
  private static final class Attempt {
    List<Entry> entries;
    int retries;
    int invocations;

    Attempt(List<Entry> entries) {
      this.entries = entries;
    }
  }
}
