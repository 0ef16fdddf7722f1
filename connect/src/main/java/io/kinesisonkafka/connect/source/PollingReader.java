package io.kinesisonkafka.connect.source;

import io.github.resilience4j.core.IntervalFunction;
import io.kinesisonkafka.connect.internals.Retriable;
import io.kinesisonkafka.connect.internals.ShardRead;
import io.kinesisonkafka.connect.internals.SourceShard;
import io.kinesisonkafka.connect.internals.SourceShard.State;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Reads shards with GetRecords, one call per shard and poll: an expired iterator is fetched again
 * from the last position, a shard that is gone ends, throttling and network errors back off per
 * shard, anything else fails the task with the shard named.
 *
 * <p>Why a class of its own: the pipelining lives here. When a call returned records, the shard's
 * next call starts at once on a prefetch thread while Connect converts and sends the batch, and the
 * next poll takes its response; a failure discards the prefetch so the retry reads from the last
 * iterator used.
 */
final class PollingReader implements ShardReader {
  // The task's logger: moving the code here leaves the log categories users configure unchanged.
  private static final Logger log = LoggerFactory.getLogger(KinesisSourceTask.class);

  private final Clock clock;
  private final ShardRead.Start start;
  private final IntervalFunction backoff;
  private final int recordsLimit;
  private final Duration idleInterval;
  private final SourceRecordConverter converter;

  /**
   * Runs each shard's next GetRecords while Connect converts and sends the last batch; the futures
   * are created and taken on the task's poll thread only.
   */
  private final ExecutorService prefetcher;

  PollingReader(
      KinesisSourceConfig config,
      Clock clock,
      ShardRead.Start start,
      IntervalFunction backoff,
      SourceRecordConverter converter,
      Set<String> streams,
      int shardCount) {
    this.clock = clock;
    this.start = start;
    this.backoff = backoff;
    this.recordsLimit = config.recordsLimit();
    this.idleInterval = config.idleInterval();
    this.converter = converter;
    String name = "kinesis-source-prefetch-" + String.join(",", streams) + "-";
    AtomicInteger threads = new AtomicInteger();
    this.prefetcher =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(shardCount, 4)),
            r -> {
              Thread t = new Thread(r, name + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void read(SourceShard shard, List<SourceRecord> out) {
    try {
      fetch(shard, out);
    } catch (ExpiredIteratorException e) {
      shard.iterator = null;
    } catch (ResourceNotFoundException e) {
      log.warn("Shard {} is gone ({}); it is no longer copied", shard.info.key(), e.getMessage());
      shard.state = State.ENDED;
    } catch (RuntimeException e) {
      if (!Retriable.test(e)) {
        throw new ConnectException("Reading Kinesis shard " + shard.info.key() + " failed", e);
      }
      retryLater(shard, e);
    }
  }

  private void fetch(SourceShard shard, List<SourceRecord> out) {
    if (shard.iterator == null) {
      shard.iterator = shard.read.iterator(shard.position, start);
    }
    GetRecordsResponse response = next(shard);
    shard.failures = 0;
    if (response.millisBehindLatest() != null) {
      shard.millisBehindLatest = response.millisBehindLatest();
    }
    String iterator = response.nextShardIterator();
    if (iterator != null && !response.records().isEmpty()) {
      // The next call runs while this batch is converted here and written by Connect.
      shard.prefetch =
          CompletableFuture.supplyAsync(() -> shard.read.fetch(iterator, recordsLimit), prefetcher);
    }
    converter.addAll(shard, shard.read.items(response, shard.position), out);
    shard.iterator = iterator;
    if (shard.iterator == null) {
      shard.state = State.ENDED;
      shard.millisBehindLatest = 0;
      log.info("Shard {} read to its end", shard.info.key());
    } else if (response.records().isEmpty()) {
      shard.dueAtMillis = clock.millis() + idleInterval.toMillis();
    }
  }

  private void retryLater(SourceShard shard, RuntimeException e) {
    if (shard.prefetch != null) {
      // Started from an iterator this failure leaves unused: the retry reads from the last one.
      shard.prefetch.cancel(false);
      shard.prefetch = null;
    }
    shard.failures++;
    long wait = backoff.apply(shard.failures);
    shard.dueAtMillis = clock.millis() + wait;
    log.debug("Reading {} failed, retrying in {} ms: {}", shard.info.key(), wait, e.toString());
  }

  /**
   * The shard's next GetRecords response: the prefetched one (its failure thrown as if the call
   * were made here), else a call made now.
   */
  private GetRecordsResponse next(SourceShard shard) {
    CompletableFuture<GetRecordsResponse> f = shard.prefetch;
    if (f == null) {
      return shard.read.fetch(shard.iterator, recordsLimit);
    }
    shard.prefetch = null;
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while reading " + shard.info.key(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new ConnectException("Reading Kinesis shard " + shard.info.key() + " failed", e);
    }
  }

  @Override
  public void close(Collection<SourceShard> shards) {
    prefetcher.shutdownNow();
  }
}
