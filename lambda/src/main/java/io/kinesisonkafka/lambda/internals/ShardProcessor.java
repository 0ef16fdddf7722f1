package io.kinesisonkafka.lambda.internals;

import io.kinesisonkafka.consumer.CheckpointFailedException;
import io.kinesisonkafka.consumer.InitializationInput;
import io.kinesisonkafka.consumer.KinesisClientRecord;
import io.kinesisonkafka.consumer.LeaseLostInput;
import io.kinesisonkafka.consumer.ProcessRecordsInput;
import io.kinesisonkafka.consumer.RecordProcessorCheckpointer;
import io.kinesisonkafka.consumer.ShardEndedInput;
import io.kinesisonkafka.consumer.ShardRecordProcessor;
import io.kinesisonkafka.consumer.ShutdownException;
import io.kinesisonkafka.consumer.ShutdownRequestedInput;
import java.time.Duration;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard leased by the runner: takes what consumer-lib reads, drops what the filters drop,
 * spreads the rest over {@code ParallelizationFactor} lanes by partition key (one batch at a time
 * per lane, so each key keeps its order), and checkpoints at the last record all of whose
 * predecessors are done (succeeded, filtered out, or discarded and sent on-failure).
 *
 * <p>Threads: the consumer's worker thread calls the {@link ShardRecordProcessor} methods; each
 * lane has its own thread; the checkpoint driver checkpoints from its thread. The fields marked
 * "guarded" are guarded by {@code this}.
 */
public final class ShardProcessor implements ShardRecordProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(ShardProcessor.class);

  /** How long processRecords holds the worker thread while this shard has too much buffered. */
  private static final long MAX_BLOCK_NANOS = Duration.ofSeconds(10).toNanos();

  final MappingRuntime rt;
  String shardId;
  private Lane[] lanes;
  private final int highWater;

  /**
   * Whether records are done in shard order: one lane and no filters. Then the last record done is
   * the checkpoint's position and {@link #unacked} is not needed.
   */
  private final boolean inOrder;

  /** Guarded: every record not yet checkpointed over, in shard order; unused when in order. */
  private final ArrayDeque<Entry> unacked = new ArrayDeque<>();

  /** Guarded: records given to lanes and not yet done. */
  private int buffered;

  /** Guarded: the last record all of whose predecessors are done. */
  private Entry latestDone;

  /** Guarded: the index of the last record checkpointed at. */
  private long committedIndex = -1;

  /** Worker thread only. */
  private long nextIndex;

  private volatile RecordProcessorCheckpointer checkpointer;
  volatile boolean stopped;

  ShardProcessor(MappingRuntime rt) {
    this.rt = rt;
    // Enough for every lane's batch in flight and its next one gathering, or one read: records
    // held here outlive young collections, so more would cost GC copying, not throughput.
    int perBatch = rt.mapping.batchSize() * rt.mapping.parallelizationFactor();
    this.highWater = Math.max(2 * perBatch, rt.config.scheduler().maxRecords());
    this.inOrder = rt.mapping.parallelizationFactor() == 1 && rt.filters.isEmpty();
  }

  @Override
  public void initialize(InitializationInput input) {
    shardId = input.shardId();
    int n = rt.mapping.parallelizationFactor();
    lanes = new Lane[n];
    for (int i = 0; i < n; i++) {
      lanes[i] = new Lane(this, i);
    }
    for (int i = 0; i < n; i++) {
      rt.laneThread(lanes[i], shardId, i).start();
    }
    rt.checkpoints.register(this);
  }

  @Override
  public void processRecords(ProcessRecordsInput input) {
    checkpointer = input.checkpointer();
    long now = System.nanoTime();
    rt.metrics.polled.increment(input.records().size());
    if (!input.corruptRecords().isEmpty()) {
      rt.metrics.dropped.increment(input.corruptRecords().size());
      LOG.warn(
          "{} {}: {} records claimed to be KPL aggregates and are not; not passed to the function",
          rt.mapping.functionName(),
          shardId,
          input.corruptRecords().size());
    }
    synchronized (this) {
      if (inOrder) {
        ArrayDeque<Entry> queue = lanes[0].queue;
        for (KinesisClientRecord r : input.records()) {
          queue.add(new Entry(r, nextIndex++, now));
        }
        buffered += input.records().size();
      } else {
        for (KinesisClientRecord r : input.records()) {
          Entry e = new Entry(r, nextIndex++, now);
          unacked.add(e);
          if (!rt.passes(r)) {
            e.done = true;
            rt.metrics.filteredOut.increment();
            continue;
          }
          buffered++;
          lanes[laneOf(r)].queue.add(e);
        }
        advance();
      }
      notifyAll();
    }
    checkpointPending();
    long until = now + MAX_BLOCK_NANOS;
    while (System.nanoTime() < until) {
      synchronized (this) {
        if (buffered <= highWater || stopped) {
          return;
        }
        try {
          wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      checkpointPending();
    }
  }

  private int laneOf(KinesisClientRecord r) {
    return lanes.length == 1 ? 0 : Math.floorMod(r.partitionKey().hashCode(), lanes.length);
  }

  /**
   * Marks records done (from a lane) and moves the checkpointable position. In order, a lane is
   * done with its records in shard order, so the last of them is the position.
   */
  void done(Iterable<Entry> entries) {
    synchronized (this) {
      Entry last = null;
      for (Entry e : entries) {
        if (!e.done) {
          e.done = true;
          buffered--;
          last = e;
        }
      }
      if (!inOrder) {
        advance();
      } else if (last != null && (latestDone == null || last.index > latestDone.index)) {
        latestDone = last;
      }
      notifyAll();
    }
    rt.checkpoints.wake(this);
  }

  /** Guarded. */
  private void advance() {
    Entry last = null;
    while (!unacked.isEmpty() && unacked.peekFirst().done) {
      last = unacked.pollFirst();
    }
    if (last != null) {
      latestDone = last;
    }
  }

  /** Checkpoints the pending position, if any; from the worker or the checkpoint thread. */
  void checkpointPending() {
    RecordProcessorCheckpointer cp = checkpointer;
    if (cp == null) {
      return;
    }
    Entry e;
    synchronized (this) {
      e = latestDone;
      if (e == null || e.index <= committedIndex) {
        return;
      }
    }
    try {
      cp.checkpoint(e.record.sequenceNumber(), e.record.subSequenceNumber());
      synchronized (this) {
        committedIndex = Math.max(committedIndex, e.index);
      }
    } catch (IllegalArgumentException ex) {
      // another thread checkpointed further already
    } catch (ShutdownException ex) {
      stop();
    } catch (CheckpointFailedException ex) {
      // Kafka did not take it: the checkpoint thread tries again within a second
    } catch (RuntimeException ex) {
      // The worker stopped or is handing the lease over (its pending tasks are cancelled):
      // leaseLost or shutdownRequested follows; until then, try again.
      LOG.debug(
          "{} {}: checkpoint not taken: {}", rt.mapping.functionName(), shardId, ex.toString());
    }
  }

  private void stop() {
    synchronized (this) {
      stopped = true;
      notifyAll();
    }
    rt.checkpoints.deregister(this);
  }

  /** Waits for the lanes' threads to end (they finish the invocation in flight). */
  private void awaitLanes(Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    for (Lane l : lanes) {
      l.awaitEnd(Math.max(0, until - System.nanoTime()));
    }
  }

  @Override
  public void leaseLost(LeaseLostInput input) {
    stop();
  }

  @Override
  public void shardEnded(ShardEndedInput input) {
    checkpointer = input.checkpointer();
    long until = System.nanoTime() + rt.config.scheduler().gracefulShutdownTimeout().toNanos();
    while (true) {
      boolean drained;
      synchronized (this) {
        if (inOrder) {
          drained = buffered == 0;
        } else {
          advance();
          drained = unacked.isEmpty();
        }
        if (!drained) {
          try {
            wait(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
      checkpointPending();
      if (drained) {
        break;
      }
      if (System.nanoTime() > until) {
        // not every batch is done: consumer-lib calls shardEnded again later
        return;
      }
    }
    stop();
    input.checkpointer().checkpoint();
  }

  @Override
  public void shutdownRequested(ShutdownRequestedInput input) {
    checkpointer = input.checkpointer();
    synchronized (this) {
      stopped = true;
      notifyAll();
    }
    awaitLanes(rt.config.scheduler().gracefulShutdownTimeout().dividedBy(2));
    checkpointPending();
    stop();
  }
}
