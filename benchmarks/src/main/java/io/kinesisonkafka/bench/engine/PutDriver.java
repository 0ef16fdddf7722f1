package io.kinesisonkafka.bench.engine;

import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.bench.Throughput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts batches the way a PutRecords client does: several threads, each keeping a few batches in
 * flight and sending the next as soon as one is fully acknowledged. Timed from the first send to
 * the last acknowledgement. Both sides go through this same driver, so they differ only in their
 * {@link BatchSink}.
 */
final class PutDriver {

  /** Sends one batch; the future completes once every record is acknowledged or failed. */
  interface BatchSink {
    /** Completes with the number of records that failed. */
    CompletableFuture<Integer> send(List<PutRecordsEntry> batch);
  }

  private final int threads;
  private final int inFlightPerThread;

  PutDriver(int threads, int inFlightPerThread) {
    this.threads = threads;
    this.inFlightPerThread = inFlightPerThread;
  }

  int threads() {
    return threads;
  }

  int inFlightPerThread() {
    return inFlightPerThread;
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
                  sendAll(sink, workload, batches, next, records, failedRecords, failure);
                } catch (InterruptedException e) {
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

  private void sendAll(
      BatchSink sink,
      Workload workload,
      long batches,
      AtomicLong next,
      AtomicLong records,
      AtomicLong failedRecords,
      AtomicReference<Throwable> failure)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(inFlightPerThread);
    long i;
    while (failure.get() == null && (i = next.getAndIncrement()) < batches) {
      List<PutRecordsEntry> batch = workload.batch(i);
      inFlight.acquire();
      CompletableFuture<Integer> acked;
      try {
        acked = sink.send(batch);
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        inFlight.release();
        break;
      }
      acked.whenComplete(
          (failed, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            } else {
              failedRecords.addAndGet(failed);
              records.addAndGet(batch.size() - failed);
            }
            inFlight.release();
          });
    }
    inFlight.acquire(inFlightPerThread);
  }
}
