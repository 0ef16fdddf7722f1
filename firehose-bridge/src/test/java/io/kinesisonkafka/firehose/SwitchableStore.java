package io.kinesisonkafka.firehose;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store that can be taken down, or made to crash the bridge around its n-th put: before the
 * object is written (the put never returns), or after (written, but never acknowledged).
 */
final class SwitchableStore implements ObjectStore {
  private final ObjectStore store;
  final AtomicBoolean down = new AtomicBoolean();
  final AtomicInteger failedPuts = new AtomicInteger();
  final List<String> keys = new CopyOnWriteArrayList<>();
  private volatile int hangAtPut = -1;
  private volatile boolean writeBeforeHang;
  final CountDownLatch hung = new CountDownLatch(1);
  private final AtomicInteger puts = new AtomicInteger();

  SwitchableStore(ObjectStore store) {
    this.store = store;
  }

  /** The {@code n}-th put (from 1) hangs until the bridge is closed, writing first if asked. */
  void hangAt(int n, boolean writeFirst) {
    this.hangAtPut = n;
    this.writeBeforeHang = writeFirst;
  }

  @Override
  public void put(String bucket, String key, byte[] content) {
    if (down.get()) {
      failedPuts.incrementAndGet();
      throw new IllegalStateException("store down");
    }
    int n = puts.incrementAndGet();
    if (n == hangAtPut) {
      if (writeBeforeHang) {
        store.put(bucket, key, content);
        keys.add(key);
      }
      hung.countDown();
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("killed mid-put", e);
      }
    }
    store.put(bucket, key, content);
    keys.add(key);
  }

  @Override
  public String kind() {
    return store.kind();
  }
}
