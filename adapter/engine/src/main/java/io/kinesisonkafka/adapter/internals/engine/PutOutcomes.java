package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INTERNAL_FAILURE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED;

import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.kafka.RecordLog.Appended;
import io.kinesisonkafka.adapter.internals.mapping.SequenceNumbers;
import io.kinesisonkafka.adapter.internals.mapping.ShardIds;
import io.kinesisonkafka.adapter.internals.state.ShardState;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsResult;
import io.kinesisonkafka.adapter.model.PutRecordsResultEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where each record of one put call ended up, filled in slot by slot as Kafka acknowledges them, on
 * Kafka's I/O thread. That thread only records the offset and counts down: sequence numbers and the
 * result are built later by whoever reads them (the caller, or an API worker), because the single
 * I/O thread is what a put's throughput is bound by. Each slot is written once, before the
 * countdown that publishes it.
 */
public final class PutOutcomes {
  private final ShardState[] shards;
  private final long[] offsets;
  private final long[] timestamps;
  private final KinesisException[] errors;
  private final AtomicInteger remaining;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  PutOutcomes(int records) {
    shards = new ShardState[records];
    offsets = new long[records];
    timestamps = new long[records];
    errors = new KinesisException[records];
    remaining = new AtomicInteger(records);
  }

  void succeed(int index, ShardState shard, Appended appended) {
    shards[index] = shard;
    offsets[index] = appended.offset();
    timestamps[index] = appended.timestampMillis();
    countDown();
  }

  void fail(int index, KinesisException error) {
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
    ShardState shard = shards[index];
    return new PutRecordResult(
        ShardIds.format(shard.index()),
        SequenceNumbers.ofRecord(
            shard.epochSeconds(), shard.index(), offsets[index], timestamps[index]));
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
