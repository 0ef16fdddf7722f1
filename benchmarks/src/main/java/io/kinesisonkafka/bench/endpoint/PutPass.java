package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.bench.Throughput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts batches the way a PutRecords application does: {@code threads} threads, each sending one
 * batch and the next once it is fully acknowledged. Timed from the first send to the last
 * acknowledgement. Both targets go through this same driver.
 */
final class PutPass {
  private PutPass() {}

  /**
   * Sends {@code batches} batches of the payload to the target.
   *
   * @throws IllegalStateException if a batch failed
   */
  static Throughput run(Target target, Payload payload, long batches, int threads)
      throws InterruptedException {
    AtomicLong next = new AtomicLong();
    AtomicLong records = new AtomicLong();
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
                    Payload.Batch batch = payload.batch(i);
                    target.put(batch);
                    records.addAndGet(batch.keys().size());
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                } finally {
                  CpuSplit.addCurrentThread();
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
      throw new IllegalStateException(
          target.label() + " put failed: " + failure.get(), failure.get());
    }
    return new Throughput(records.get(), records.get() * payload.recordBytes(), elapsed);
  }
}
