package io.kinesisonkafka.connect.internals;

import io.github.resilience4j.core.IntervalFunction;
import io.kinesisonkafka.connect.internals.PutBatchBuilder.Put;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Makes one PutRecords call of a {@link PutBatcher} and its retries: failed entries
 * (ProvisionedThroughputExceeded, InternalFailure) and failed calls (throttling, 5xx, network) go
 * again after an exponential back-off with jitter, until {@code retryTimeout}; then the call fails.
 *
 * <p>Why a class of its own: this is the part that runs on the batcher's sending threads, so it
 * touches no state of the batcher; all it did comes back as an {@link Outcome} that the batcher
 * applies on the task's thread. Holds only immutable settings and thread-safe clients, so one
 * instance serves every sending thread.
 */
final class PutCall {
  /** What one call (with its retries) did, applied on the task's thread. */
  static final class Outcome {
    // Written on the sending thread, read on the task's thread after Future.get().
    final List<KinesisEntry> acked = new ArrayList<>();
    final List<Map.Entry<KinesisEntry, String>> refused = new ArrayList<>();
    long calls;
    long retriedEntries;
    boolean strayShard;
  }

  /** The entries of one attempt to retry, and the last error among them. */
  private record Failed(List<Put> puts, String lastError) {}

  private final KinesisClient kinesis;
  private final String stream;
  private final IntervalFunction backoff;
  private final Duration retryTimeout;
  private final Clock clock;

  PutCall(
      KinesisClient kinesis,
      String stream,
      IntervalFunction backoff,
      Duration retryTimeout,
      Clock clock) {
    this.kinesis = kinesis;
    this.stream = stream;
    this.backoff = backoff;
    this.retryTimeout = retryTimeout;
    this.clock = clock;
  }

  /**
   * Sends {@code batch} until each entry is acknowledged or refused for good, on the calling
   * (sending) thread; {@code expectedShard}, if not null, is the shard every entry should land in.
   *
   * @throws ConnectException when a call fails for good, or entries still fail at the deadline
   */
  Outcome send(List<Put> batch, String expectedShard) throws InterruptedException {
    Outcome outcome = new Outcome();
    long deadline = clock.millis() + retryTimeout.toMillis();
    int attempt = 0;
    while (!batch.isEmpty()) {
      Failed failed = attempt(batch, expectedShard, outcome);
      if (failed.puts().isEmpty()) {
        return outcome;
      }
      attempt++;
      for (Put p : failed.puts()) {
        outcome.retriedEntries += p.members().size();
      }
      long wait = backoff.apply(attempt);
      if (clock.millis() + wait > deadline) {
        throw new ConnectException(
            "PutRecords to stream "
                + stream
                + ": "
                + failed.puts().size()
                + " entries still failing after "
                + retryTimeout.toMillis()
                + " ms; last error "
                + failed.lastError());
      }
      Thread.sleep(wait);
      batch = failed.puts();
    }
    return outcome;
  }

  /** One PutRecords call; returns what failed and may be retried. */
  private Failed attempt(List<Put> batch, String expectedShard, Outcome outcome) {
    try {
      List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
      for (Put p : batch) {
        entries.add(p.request());
      }
      outcome.calls++;
      PutRecordsResponse response = kinesis.putRecords(r -> r.streamName(stream).records(entries));
      return sort(batch, response.records(), expectedShard, outcome);
    } catch (RuntimeException e) {
      if (!Retriable.test(e)) {
        throw new ConnectException("PutRecords to stream " + stream + " failed", e);
      }
      return new Failed(batch, e.toString());
    }
  }

  /** Files each entry as acknowledged or refused in {@code outcome}; returns the retriable rest. */
  private static Failed sort(
      List<Put> batch, List<PutRecordsResultEntry> results, String expectedShard, Outcome outcome) {
    List<Put> failed = new ArrayList<>();
    String lastError = null;
    for (int i = 0; i < batch.size(); i++) {
      PutRecordsResultEntry r = results.get(i);
      Put p = batch.get(i);
      if (r.errorCode() == null) {
        outcome.acked.addAll(p.members());
        if (expectedShard != null && !expectedShard.equals(r.shardId())) {
          outcome.strayShard = true;
        }
      } else if (Retriable.entryRetriable(r.errorCode())) {
        failed.add(p);
        lastError = r.errorCode() + ": " + r.errorMessage();
      } else {
        for (KinesisEntry e : p.members()) {
          outcome.refused.add(Map.entry(e, r.errorCode() + ": " + r.errorMessage()));
        }
      }
    }
    return new Failed(failed, lastError);
  }
}
