package io.kinesisonkafka.bench.engine;

import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.bench.Throughput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts batches the way a PutRecords client does: several threads, each sending one batch and
 * waiting for its answer before sending the next, so there are as many batches in flight as
 * threads. Timed from the first send to the last answer. Both sides go through this same driver, so
 * they differ only in their {@link BatchSink}.
 */
final class PutDriver {

  /** Sends one batch and waits until every record of it is acknowledged or failed. */
  interface BatchSink {
    /** Returns the number of records that failed. */
    int put(List<PutRecordsEntry> batch) throws Exception;
  }

  private final int threads;

  PutDriver(int threads) {
    this.threads = threads;
  }

  int threads() {
    return threads;
  }

  /**
   * Sends {@code batches} batches of the workload through the sink.
   *
   * @throws IllegalStateException if a batch failed or any record was not acknowledged
   */
  Throughput run(BatchSink sink, Workload workload, long batches) throws InterruptedException {
    AtomicLong next = new AtomicLong();
    AtomicLong records = new AtomicLong();
    AtomicLong failedRecords = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                  long i;
                  while (failure.get() == null && (i = next.getAndIncrement()) < batches) {
                    List<PutRecordsEntry> batch = workload.batch(i);
                    int failed = sink.put(batch);
                    failedRecords.addAndGet(failed);
                    records.addAndGet(batch.size() - failed);
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "bench-put-" + t);
      worker.start();
      workers.add(worker);
    }
    long begin = System.nanoTime();
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    long elapsed = System.nanoTime() - begin;
    if (failure.get() != null) {
      throw new IllegalStateException("put failed: " + failure.get(), failure.get());
    }
    if (failedRecords.get() > 0) {
      throw new IllegalStateException(failedRecords.get() + " records failed");
    }
    return new Throughput(records.get(), records.get() * workload.recordBytes(), elapsed);
  }
}
