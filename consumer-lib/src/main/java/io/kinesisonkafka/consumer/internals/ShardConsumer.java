package io.kinesisonkafka.consumer.internals;

import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.consumer.ConsumerException;
import io.kinesisonkafka.consumer.CorruptRecord;
import io.kinesisonkafka.consumer.ExtendedSequenceNumber;
import io.kinesisonkafka.consumer.InitializationInput;
import io.kinesisonkafka.consumer.KinesisClientRecord;
import io.kinesisonkafka.consumer.LeaseLostInput;
import io.kinesisonkafka.consumer.PreparedCheckpointer;
import io.kinesisonkafka.consumer.ProcessRecordsInput;
import io.kinesisonkafka.consumer.RecordProcessorCheckpointer;
import io.kinesisonkafka.consumer.ShardEndedInput;
import io.kinesisonkafka.consumer.ShardRecordProcessor;
import io.kinesisonkafka.consumer.ShutdownException;
import io.kinesisonkafka.consumer.ShutdownRequestedInput;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard's processor and checkpointer while this worker holds its lease: delivers records past
 * the checkpoint (skipping the user records of an aggregate a checkpoint already covers), validates
 * and stores checkpoints, and runs the processor's lifecycle. No Kafka here: the worker feeds it
 * records, the {@link CheckpointStore} commits, so the test driver runs the same code.
 *
 * <p>Processor callbacks run on the caller's thread (the worker's); the checkpointer may be called
 * from any thread and never holds the lock while committing.
 */
public final class ShardConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);

  private final String streamName;
  private final ShardRecordProcessor processor;
  private final CheckpointStore store;
  private final ProcessorCalls calls;
  private final Checkpointer checkpointer = new Checkpointer();
  private volatile ShardView shard;
  // Caller (worker) thread only: one per shard, not one per record.
  private final KinesisClientRecord.SequenceSource numbering;

  private final Object lock = new Object();
  // Guarded by lock.
  private Checkpoint checkpoint;
  private ExtendedSequenceNumber sentinel = ExtendedSequenceNumber.TRIM_HORIZON;
  private long startOffset;
  private long lastOffset = -1;
  private long lastSub = -1;
  private String lastSeq;
  private final NavigableMap<Long, Long> lastSubByOffset = new TreeMap<>();
  private boolean ending;
  private boolean held = true;
  private boolean endedAtInitial;

  // Caller (worker) thread only.
  private long skipOffset = -1;
  private long skipSub = -1;

  public ShardConsumer(
      String streamName,
      ShardView shard,
      ShardRecordProcessor processor,
      CheckpointStore store,
      Consumer<ConsumerException> errors) {
    this.streamName = streamName;
    this.shard = shard;
    this.numbering = shard::sequenceNumber;
    this.processor = processor;
    this.store = store;
    this.calls = new ProcessorCalls(streamName, this::shardId, errors);
  }

  public String shardId() {
    return shard.shardId();
  }

  /** A newer catalog view of the shard (it may have closed since). */
  public void update(ShardView newer) {
    shard = newer;
  }

  public RecordProcessorCheckpointer checkpointer() {
    return checkpointer;
  }

  /**
   * Starts the processor at {@code startOffset}: after {@code committed} when there is a checkpoint
   * (null otherwise; {@code initial} is then the sentinel the processor is shown).
   */
  public void initialize(
      Checkpoint committed, ExtendedSequenceNumber initial, long startOffset, boolean atInitial) {
    synchronized (lock) {
      this.checkpoint = committed;
      this.sentinel = initial;
      this.startOffset = startOffset;
      this.endedAtInitial = atInitial;
    }
    if (committed != null && committed.skipThrough()) {
      skipOffset = committed.offset();
      skipSub = committed.subSequenceNumber();
    }
    ExtendedSequenceNumber from = initial;
    ExtendedSequenceNumber pending = null;
    if (committed != null) {
      from = committed.extended();
      if (from == null) {
        from = new ExtendedSequenceNumber(shard.sequenceNumber(committed.offset() - 1, 0), 0);
      }
      pending = committed.pending();
    }
    InitializationInput input = new InitializationInput(streamName, shardId(), from, pending);
    call("initialize", () -> processor.initialize(input));
  }

  /** Delivers the next records of the shard, in offset order. */
  public void process(FetchedBatch records, long millisBehindLatest) {
    List<KinesisClientRecord> out = new ArrayList<>(records.size());
    List<CorruptRecord> corrupt = List.of();
    long last = -1;
    long lastUserSub = -1;
    long lastTimestamp = 0;
    List<long[]> aggregates = new ArrayList<>();
    int n = records.size();
    for (int i = 0; i < n; i++) {
      long offset = records.offset(i);
      long skip = offset == skipOffset ? skipSub : -1;
      last = offset;
      lastTimestamp = records.timestampMillis(i);
      KinesisClientRecord plain = UserRecords.plain(numbering, records, i);
      if (plain != null) {
        if (skip < 0) {
          out.add(plain);
        }
        lastUserSub = 0;
        continue;
      }
      UserRecords.Unpacked unpacked = UserRecords.unpack(shard, records, i, skip);
      out.addAll(unpacked.records());
      if (unpacked.corrupt() != null) {
        if (corrupt.isEmpty()) {
          corrupt = new ArrayList<>();
        }
        corrupt.add(unpacked.corrupt());
        LOG.error(
            "Corrupt KPL aggregate in stream {}, {}, sequence number {}: {}; not passed on as"
                + " data, reported to the processor in ProcessRecordsInput.corruptRecords()",
            streamName,
            shardId(),
            unpacked.corrupt().sequenceNumber(),
            unpacked.corrupt().reason());
      }
      if (unpacked.lastSub() != 0) {
        aggregates.add(new long[] {offset, unpacked.lastSub()});
      }
      lastUserSub = unpacked.lastSub();
    }
    if (last < 0) {
      return;
    }
    skipOffset = -1;
    synchronized (lock) {
      for (long[] a : aggregates) {
        lastSubByOffset.put(a[0], a[1]);
      }
      lastOffset = last;
      lastSub = lastUserSub;
      lastSeq = shard.sequenceNumber(last, lastTimestamp);
    }
    if (out.isEmpty() && corrupt.isEmpty()) {
      return;
    }
    ProcessRecordsInput input =
        new ProcessRecordsInput(out, corrupt, millisBehindLatest, checkpointer);
    call("processRecords", () -> processor.processRecords(input));
  }

  /** Calls shardEnded; returns whether the processor checkpointed at SHARD_END. */
  public boolean endShard() {
    synchronized (lock) {
      ending = true;
    }
    call("shardEnded", () -> processor.shardEnded(new ShardEndedInput(checkpointer)));
    return isCheckpointedAtShardEnd();
  }

  public boolean isCheckpointedAtShardEnd() {
    synchronized (lock) {
      return checkpoint != null && checkpoint.shardEnd();
    }
  }

  /** The lease is handed over: the processor may checkpoint, then the lease is gone. */
  public void requestShutdown() {
    call(
        "shutdownRequested",
        () -> processor.shutdownRequested(new ShutdownRequestedInput(checkpointer)));
    release();
  }

  /** The lease was lost: checkpoints are refused from now on. */
  public void loseLease() {
    release();
    call("leaseLost", () -> processor.leaseLost(new LeaseLostInput()));
  }

  public void release() {
    synchronized (lock) {
      held = false;
    }
  }

  /** Whether the last callback failed with a retriable checkpoint failure (Kafka rebalancing). */
  public boolean lastCallFailedRetriably() {
    return calls.lastFailedRetriably();
  }

  private void call(String method, Runnable callback) {
    calls.call(method, callback);
  }

  private void commit(Checkpoint target) {
    synchronized (lock) {
      ensureHeld();
    }
    store.commit(target.offset(), target.metadata());
    synchronized (lock) {
      if (target.pending() == null) {
        checkpoint = target;
        long through = target.skipThrough() ? target.offset() : target.offset() - 1;
        lastSubByOffset.headMap(through, false).clear();
      } else {
        checkpoint = target;
      }
    }
  }

  private void ensureHeld() {
    if (!held) {
      throw new ShutdownException(
          "Cannot checkpoint stream "
              + streamName
              + ", "
              + shardId()
              + ": this processor no longer holds its lease (lost, handed over or shut down);"
              + " the new owner resumes from the last checkpoint",
          null);
    }
  }

  /** The checkpoint at a user record, validated against what was delivered and committed. */
  private Checkpoint at(String sequenceNumber, long sub) {
    if (sub < 0) {
      throw new IllegalArgumentException("subSequenceNumber must be >= 0, but was " + sub);
    }
    long offset = shard.offsetOf(sequenceNumber);
    synchronized (lock) {
      ensureHeld();
      long deliveredSub = offset == lastOffset ? lastSub : lastSubByOffset.getOrDefault(offset, 0L);
      if (offset > lastOffset || offset < 0 || (offset == lastOffset && sub > deliveredSub)) {
        throw refused(
            sequenceNumber,
            sub,
            "not delivered to this processor yet (the last delivered is at offset "
                + lastOffset
                + ")");
      }
      if (checkpoint != null && !checkpoint.shardEnd() && isBefore(offset, sub, checkpoint)) {
        throw refused(sequenceNumber, sub, "before the last checkpoint " + checkpoint.extended());
      }
      return sub >= deliveredSub
          ? Checkpoint.after(offset, sequenceNumber, sub)
          : Checkpoint.inside(offset, sequenceNumber, sub);
    }
  }

  private static boolean isBefore(long offset, long sub, Checkpoint c) {
    long recordOffset = c.skipThrough() ? c.offset() : c.offset() - 1;
    if (offset != recordOffset) {
      return offset < recordOffset;
    }
    return c.sequenceNumber() != null && sub < c.subSequenceNumber();
  }

  private Checkpoint everythingDelivered() {
    synchronized (lock) {
      ensureHeld();
      if (ending) {
        ShardView s = shard;
        if (!s.isClosed()) {
          throw new IllegalStateException(shardId() + " is not closed");
        }
        boolean atInitial = endedAtInitial && lastOffset < 0;
        return Checkpoint.shardEnd(s.endOffset(), atInitial);
      }
      if (lastOffset < 0) {
        return null;
      }
      return Checkpoint.after(lastOffset, lastSeq, Math.max(0, lastSub));
    }
  }

  /** The checkpointer handed to the processor. */
  private final class Checkpointer implements RecordProcessorCheckpointer {
    @Override
    public void checkpoint() {
      Checkpoint target = everythingDelivered();
      if (target != null) {
        commit(target);
      }
    }

    @Override
    public void checkpoint(KinesisClientRecord record) {
      checkpoint(record.sequenceNumber(), record.subSequenceNumber());
    }

    @Override
    public void checkpoint(String sequenceNumber) {
      checkpoint(sequenceNumber, 0);
    }

    @Override
    public void checkpoint(String sequenceNumber, long subSequenceNumber) {
      commit(at(sequenceNumber, subSequenceNumber));
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint() {
      Checkpoint target = everythingDelivered();
      if (target == null) {
        throw new IllegalStateException("Nothing delivered to prepare a checkpoint at");
      }
      return prepare(target);
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint(String sequenceNumber) {
      return prepareCheckpoint(sequenceNumber, 0);
    }

    @Override
    public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, long subSequenceNumber) {
      return prepare(at(sequenceNumber, subSequenceNumber));
    }

    private PreparedCheckpointer prepare(Checkpoint target) {
      ExtendedSequenceNumber pending = target.extended();
      Checkpoint current;
      synchronized (lock) {
        current =
            checkpoint != null
                ? checkpoint
                : new Checkpoint(startOffset, null, 0, false, false, false, null);
      }
      commit(current.withPending(pending));
      return new PreparedCheckpointer() {
        @Override
        public ExtendedSequenceNumber pendingCheckpoint() {
          return pending;
        }

        @Override
        public void checkpoint() {
          commit(target);
        }
      };
    }

    @Override
    public ExtendedSequenceNumber lastCheckpointValue() {
      synchronized (lock) {
        if (checkpoint == null || checkpoint.extended() == null) {
          return sentinel;
        }
        return checkpoint.extended();
      }
    }
  }

  private IllegalArgumentException refused(String sequenceNumber, long sub, String why) {
    return new IllegalArgumentException(
        "Cannot checkpoint at " + sequenceNumber + "/" + sub + " of " + shardId() + ": " + why);
  }
}
