package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INTERNAL_FAILURE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED;

import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsResult;
import io.kinesisonkafka.adapter.model.PutRecordsResultEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Where each record of one put call ended up, filled in slot by slot as Kafka acknowledges them, on
 * Kafka's I/O thread. That thread only records the offset and counts down: sequence numbers and the
 * result are built later by whoever reads them (the caller, or an API worker), because the single
 * I/O thread is what a put's throughput is bound by. Each slot is written once, by whoever claims
 * it first, before the countdown that publishes it: Kafka's answer, or the call's deadline ({@link
 * #expireAfter}), which fails what Kafka has not answered yet so that a caller never waits longer
 * than the request timeout while Kafka is unreachable (a late acknowledgement is then dropped: the
 * client retries, and may write that record twice, as with Kinesis).
 */
public final class PutOutcomes {
  private final ShardView[] shards;
  private final long[] offsets;
  private final long[] timestamps;
  private final KinesisException[] errors;
  private final AtomicInteger remaining;
  private final AtomicIntegerArray claimed;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  PutOutcomes(int records) {
    shards = new ShardView[records];
    offsets = new long[records];
    timestamps = new long[records];
    errors = new KinesisException[records];
    remaining = new AtomicInteger(records);
    claimed = new AtomicIntegerArray(records);
  }

  /**
   * Fails every record still without an outcome after {@code nanos} with a retriable
   * InternalFailure. The timer is cancelled once every record has its outcome.
   */
  void expireAfter(long nanos, String stream) {
    if (done.isDone()) {
      return;
    }
    CompletableFuture<Void> timer = new CompletableFuture<>();
    timer
        .completeOnTimeout(null, Math.max(1, nanos), TimeUnit.NANOSECONDS)
        .thenRun(
            () -> {
              if (!done.isDone()) {
                expire(stream);
              }
            });
    done.thenRun(() -> timer.complete(null));
  }

  private void expire(String stream) {
    for (int i = 0; i < errors.length; i++) {
      if (claimed.compareAndSet(i, 0, 1)) {
        errors[i] =
            INTERNAL_FAILURE.exception(
                "Kafka did not acknowledge the record in time, stream %s; retry", stream);
        countDown();
      }
    }
  }

  void succeed(int index, ShardView shard, long offset, long timestampMillis) {
    if (!claimed.compareAndSet(index, 0, 1)) {
      return;
    }
    shards[index] = shard;
    offsets[index] = offset;
    timestamps[index] = timestampMillis;
    countDown();
  }

  void fail(int index, KinesisException error) {
    if (!claimed.compareAndSet(index, 0, 1)) {
      return;
    }
    errors[index] = error;
    countDown();
  }

  private void countDown() {
    if (remaining.decrementAndGet() == 0) {
      done.complete(null);
    }
  }

  /** Completes when every record has an outcome; never exceptionally. */
  public CompletableFuture<Void> done() {
    return done;
  }

  public int size() {
    return errors.length;
  }

  /** After {@link #done()}: the record's error, or null. */
  public KinesisException error(int index) {
    return errors[index];
  }

  /** After {@link #done()}: where the record landed; throws its error if it failed. */
  PutRecordResult result(int index) {
    if (errors[index] != null) {
      throw errors[index];
    }
    ShardView shard = shards[index];
    return new PutRecordResult(
        shard.shardId(), shard.sequenceNumber(offsets[index], timestamps[index]));
  }

  /** After {@link #done()}: PutRecords' answer, failures as Kinesis reports them per record. */
  PutRecordsResult putRecordsResult() {
    List<PutRecordsResultEntry> out = new ArrayList<>(errors.length);
    for (int i = 0; i < errors.length; i++) {
      KinesisException e = errors[i];
      if (e == null) {
        out.add(PutRecordsResultEntry.success(result(i)));
      } else if (e.code() == PROVISIONED_THROUGHPUT_EXCEEDED) {
        out.add(PutRecordsResultEntry.failure(e.code().wireName(), e.getMessage()));
      } else {
        out.add(
            PutRecordsResultEntry.failure(
                INTERNAL_FAILURE.wireName(), "Internal service failure."));
      }
    }
    return PutRecordsResult.of(out);
  }
}
