package io.kinesisonkafka.bench.engine;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.ShardLimits;
import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.ListShardsRequest;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.bench.Throughput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine: blocking {@link KinesisEngine#putRecords} calls, and GetRecords loops with one thread
 * per shard, as a Kinesis consumer reads a stream.
 */
final class EngineSide implements Side {
  /** GetRecords' largest Limit. */
  static final int GET_LIMIT = 10_000;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

  private final KinesisEngine engine;
  private StreamRef stream;
  private List<String> shardIds = List.of();

  private EngineSide(KinesisEngine engine) {
    this.engine = engine;
  }

  /** An engine with shard limits off, as for a bulk load, on the given cluster. */
  static EngineSide start(String bootstrapServers) {
    return new EngineSide(
        KinesisEngine.start(
            EngineConfig.custom()
                .bootstrapServers(bootstrapServers)
                .shardLimits(ShardLimits.off())
                .build()));
  }

  @Override
  public String label() {
    return "engine";
  }

  @Override
  public void prepare(String name, int shards) throws InterruptedException {
    stream = StreamRef.named(name);
    engine.createStream(CreateStreamRequest.provisioned(name, shards));
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (engine.describeStreamSummary(stream).streamStatus() != StreamStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stream " + name + " not ACTIVE after " + READY_TIMEOUT);
      }
      Thread.sleep(50);
    }
    List<String> ids = new ArrayList<>();
    for (Shard shard : engine.listShards(ListShardsRequest.of(stream)).shards()) {
      ids.add(shard.shardId());
    }
    shardIds = List.copyOf(ids);
  }

  /** Blocking PutRecords: the engine builds each answer on the calling thread. */
  @Override
  public PutDriver.BatchSink sink() {
    StreamRef target = stream;
    return batch -> engine.putRecords(target, batch).failedRecordCount();
  }

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
                  String iterator =
                      engine.getShardIterator(GetShardIteratorRequest.trimHorizon(stream, shardId));
                  while (iterator != null
                      && readRecords.get() < records
                      && failure.get() == null
                      && System.nanoTime() < deadline) {
                    GetRecordsResult result = engine.getRecords(iterator, GET_LIMIT);
                    long size = 0;
                    for (Record r : result.records()) {
                      size += r.data().length;
                    }
                    readBytes.addAndGet(size);
                    if (readRecords.addAndGet(result.records().size()) >= records) {
                      doneAt.compareAndSet(0, System.nanoTime());
                    }
                    iterator = result.nextShardIterator();
                  }
                } catch (Throwable t) {
                  failure.compareAndSet(null, t);
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

  /** Deletes the stream and waits until it is gone, so the deletion does not overlap a pass. */
  @Override
  public void cleanup() throws InterruptedException {
    engine.deleteStream(stream, false);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        engine.describeStreamSummary(stream);
      } catch (KinesisException e) {
        if (e.code() == KinesisErrorCode.RESOURCE_NOT_FOUND) {
          return;
        }
        throw e;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("stream " + stream + " not deleted after " + READY_TIMEOUT);
  }

  @Override
  public void close() {
    engine.close();
  }
}
