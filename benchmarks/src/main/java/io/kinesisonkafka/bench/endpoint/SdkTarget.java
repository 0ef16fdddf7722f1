package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.bench.SdkClients;
import io.kinesisonkafka.bench.Throughput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * This server through the sync SDK client: PutRecords calls of 500 records, and a GetRecords loop
 * per shard on a thread of its own, as a polling Kinesis consumer reads a stream.
 */
final class SdkTarget implements Target {
  /** GetRecords' largest Limit. */
  static final int GET_LIMIT = 10_000;

  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

  private final KinesisClient kinesis;
  private final Streams streams;
  private String stream;
  private List<String> shardIds = List.of();

  SdkTarget(KinesisClient kinesis) {
    this.kinesis = kinesis;
    this.streams = new Streams(kinesis);
  }

  @Override
  public String label() {
    return "server+sdk";
  }

  @Override
  public void prepare(String name, int shards) throws InterruptedException {
    stream = name;
    shardIds = streams.create(name, shards);
  }

  @Override
  public void put(Payload.Batch batch) {
    String target = stream;
    PutRecordsResponse response =
        kinesis.putRecords(r -> r.streamName(target).records(batch.entries()));
    Integer failed = response.failedRecordCount();
    if (failed != null && failed > 0) {
      throw new IllegalStateException(
          failed
              + " of "
              + batch.entries().size()
              + " records failed, e.g. "
              + response.records().stream()
                  .filter(r -> r.errorCode() != null)
                  .findFirst()
                  .map(r -> r.errorCode() + ": " + r.errorMessage())
                  .orElse("?"));
    }
  }

  /**
   * One reader thread per shard from TRIM_HORIZON, timed from starting them until the last record
   * arrived. A reader stops when its shard answers no records and zero MillisBehindLatest (all was
   * put before the drain began).
   */
  @Override
  public Throughput drain(long records, long bytes) throws InterruptedException {
    AtomicLong readRecords = new AtomicLong();
    AtomicLong readBytes = new AtomicLong();
    AtomicLong doneAt = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    List<Thread> readers = new ArrayList<>();
    for (String shardId : shardIds) {
      Thread reader =
          new Thread(
              () -> {
                try {
                  start.await();
                  readShard(shardId, records, readRecords, readBytes, doneAt, failure, deadline);
                } catch (Throwable t) {
                  failure.compareAndSet(null, t);
                } finally {
                  CpuSplit.addCurrentThread();
                }
              },
              "bench-get-" + shardId);
      reader.start();
      readers.add(reader);
    }
    long begin = System.nanoTime();
    start.countDown();
    for (Thread reader : readers) {
      reader.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("GetRecords failed: " + failure.get(), failure.get());
    }
    Reads.check(label(), records, bytes, readRecords.get(), readBytes.get());
    return new Throughput(readRecords.get(), readBytes.get(), doneAt.get() - begin);
  }

  private void readShard(
      String shardId,
      long records,
      AtomicLong readRecords,
      AtomicLong readBytes,
      AtomicLong doneAt,
      AtomicReference<Throwable> failure,
      long deadline) {
    String iterator = SdkClients.trimHorizon(kinesis, stream, shardId);
    while (iterator != null
        && readRecords.get() < records
        && failure.get() == null
        && System.nanoTime() < deadline) {
      String current = iterator;
      GetRecordsResponse result =
          kinesis.getRecords(r -> r.shardIterator(current).limit(GET_LIMIT));
      long size = 0;
      for (Record r : result.records()) {
        size += r.data().asByteArrayUnsafe().length;
      }
      readBytes.addAndGet(size);
      if (readRecords.addAndGet(result.records().size()) >= records) {
        doneAt.compareAndSet(0, System.nanoTime());
      }
      if (result.records().isEmpty()
          && result.millisBehindLatest() != null
          && result.millisBehindLatest() == 0) {
        return;
      }
      iterator = result.nextShardIterator();
    }
  }

  @Override
  public void cleanup() throws InterruptedException {
    streams.delete(stream);
  }

  @Override
  public void close() {
    // the client belongs to the benchmark
  }
}
