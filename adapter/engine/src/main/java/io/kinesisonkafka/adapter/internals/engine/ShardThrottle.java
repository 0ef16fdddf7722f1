package io.kinesisonkafka.adapter.internals.engine;

import io.kinesisonkafka.adapter.ShardLimits;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-shard token buckets for Kinesis' provisioned limits. A bucket may go into debt: Kinesis lets
 * one GetRecords call return up to 10 MiB and then throttles the shard until the debt is repaid,
 * and a record larger than a second's allowance is still writable once. (resilience4j's rate
 * limiter has no debt, hence these forty lines.)
 */
final class ShardThrottle {
  private final ShardLimits limits;
  private final ConcurrentHashMap<String, Buckets> shards = new ConcurrentHashMap<>();

  private final class Buckets {
    final Bucket writeBytes = new Bucket(limits.writeBytesPerSecond());
    final Bucket writeRecords = new Bucket(limits.writeRecordsPerSecond());
    final Bucket readBytes = new Bucket(limits.readBytesPerSecond());
    final Bucket readCalls = new Bucket(limits.readCallsPerSecond());
  }

  ShardThrottle(ShardLimits limits) {
    this.limits = limits;
  }

  private Buckets of(String stream, long incarnation, int shard) {
    return shards.computeIfAbsent(stream + '/' + incarnation + '/' + shard, k -> new Buckets());
  }

  /** Takes one record of {@code bytes} from the shard's write allowance, if it has room. */
  boolean tryWrite(String stream, long incarnation, int shard, long bytes) {
    if (!limits.enabled()) {
      return true;
    }
    Buckets b = of(stream, incarnation, shard);
    synchronized (b) {
      long now = System.nanoTime();
      if (!b.writeRecords.hasRoom(now) || !b.writeBytes.hasRoom(now)) {
        return false;
      }
      b.writeRecords.take(1);
      b.writeBytes.take(bytes);
      return true;
    }
  }

  /** Takes one read call, if the shard has room for it. */
  boolean tryRead(String stream, long incarnation, int shard) {
    if (!limits.enabled()) {
      return true;
    }
    Buckets b = of(stream, incarnation, shard);
    synchronized (b) {
      long now = System.nanoTime();
      if (!b.readCalls.hasRoom(now) || !b.readBytes.hasRoom(now)) {
        return false;
      }
      b.readCalls.take(1);
      return true;
    }
  }

  /** Charges the bytes a read returned, possibly into debt. */
  void chargeRead(String stream, long incarnation, int shard, long bytes) {
    if (limits.enabled()) {
      Buckets b = of(stream, incarnation, shard);
      synchronized (b) {
        b.readBytes.take(bytes);
      }
    }
  }

  /** Refills at {@code perSecond}, holds at most one second's worth. Guarded by its Buckets. */
  private static final class Bucket {
    final double perNano;
    final double capacity;
    double tokens;
    long lastNanos = System.nanoTime();

    Bucket(long perSecond) {
      this.capacity = perSecond;
      this.perNano = perSecond / 1e9;
      this.tokens = perSecond;
    }

    boolean hasRoom(long now) {
      tokens = Math.min(capacity, tokens + (now - lastNanos) * perNano);
      lastNanos = now;
      return tokens > 0;
    }

    void take(long amount) {
      tokens -= amount;
    }
  }
}
