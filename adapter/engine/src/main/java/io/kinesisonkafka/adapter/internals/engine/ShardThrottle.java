package io.kinesisonkafka.adapter.internals.engine;

import io.kinesisonkafka.adapter.ShardLimits;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per-shard token buckets for Kinesis' provisioned limits. A bucket may go into debt: Kinesis lets
 * one GetRecords call return up to 10 MiB and then throttles the shard until the debt is repaid,
 * and a record larger than a second's allowance is still writable once. (resilience4j's rate
 * limiter has no debt, hence these forty lines.)
 *
 * <p>The limits are the stream's, not the instance's: each bucket runs at this instance's share of
 * the limit, which {@code shares} gives for a key ({@code w:} or {@code r:} and the shard) and
 * which the instances sharing one Kafka agree on (see {@code CoordinationLog}). The share is asked
 * again at most every {@link #SHARE_REFRESH_NANOS}, so the hot path stays a lock and arithmetic.
 */
final class ShardThrottle {
  static final long SHARE_REFRESH_NANOS = 100_000_000L;

  private final ShardLimits limits;
  private final ToDoubleFunction<String> shares;
  private final ConcurrentHashMap<String, Buckets> shards = new ConcurrentHashMap<>();

  /** Guarded by itself. */
  private final class Buckets {
    final String writeKey;
    final String readKey;
    final Bucket writeBytes = new Bucket(limits.writeBytesPerSecond());
    final Bucket writeRecords = new Bucket(limits.writeRecordsPerSecond());
    final Bucket readBytes = new Bucket(limits.readBytesPerSecond());
    final Bucket readCalls = new Bucket(limits.readCallsPerSecond());
    double writeShare = 1;
    double readShare = 1;
    long writeShareAt = System.nanoTime() - 2 * SHARE_REFRESH_NANOS;
    long readShareAt = writeShareAt;

    Buckets(String key) {
      this.writeKey = "w:" + key;
      this.readKey = "r:" + key;
    }

    double writeShare(long now) {
      if (now - writeShareAt > SHARE_REFRESH_NANOS) {
        writeShare = shares.applyAsDouble(writeKey);
        writeShareAt = now;
      }
      return writeShare;
    }

    double readShare(long now) {
      if (now - readShareAt > SHARE_REFRESH_NANOS) {
        readShare = shares.applyAsDouble(readKey);
        readShareAt = now;
      }
      return readShare;
    }
  }

  /** Limits for this instance alone. */
  ShardThrottle(ShardLimits limits) {
    this(limits, key -> 1.0);
  }

  /** Limits shared with other instances: this one runs each bucket at {@code shares} of it. */
  ShardThrottle(ShardLimits limits, ToDoubleFunction<String> shares) {
    this.limits = limits;
    this.shares = shares;
  }

  private Buckets of(String stream, long incarnation, int shard) {
    return shards.computeIfAbsent(stream + '/' + incarnation + '/' + shard, k -> new Buckets(k));
  }

  /** Takes one record of {@code bytes} from the shard's write allowance, if it has room. */
  boolean tryWrite(String stream, long incarnation, int shard, long bytes) {
    if (!limits.enabled()) {
      return true;
    }
    Buckets b = of(stream, incarnation, shard);
    synchronized (b) {
      long now = System.nanoTime();
      double share = b.writeShare(now);
      if (!b.writeRecords.hasRoom(now, share) || !b.writeBytes.hasRoom(now, share)) {
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
      double share = b.readShare(now);
      if (!b.readCalls.hasRoom(now, share) || !b.readBytes.hasRoom(now, share)) {
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

  /**
   * Refills at {@code share} of {@code perSecond}, holds at most one second's worth of it. Guarded
   * by its Buckets.
   */
  private static final class Bucket {
    final double perSecond;
    double tokens;
    long lastNanos = System.nanoTime();

    Bucket(long perSecond) {
      this.perSecond = perSecond;
      this.tokens = perSecond;
    }

    boolean hasRoom(long now, double share) {
      double rate = perSecond * share;
      tokens = Math.min(rate, tokens + (now - lastNanos) * rate / 1e9);
      lastNanos = now;
      return tokens > 0;
    }

    void take(long amount) {
      tokens -= amount;
    }
  }
}
