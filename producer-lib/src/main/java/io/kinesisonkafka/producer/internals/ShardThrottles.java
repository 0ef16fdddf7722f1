package io.kinesisonkafka.producer.internals;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The KPL's per-shard rate limit: {@code RateLimit} percent of the shard's records/s and bytes/s,
 * one pair of resilience4j rate limiters per shard, refilled every second. Counted in Kafka records
 * (an aggregate is one), as Kinesis counts them.
 */
final class ShardThrottles {
  private final RateLimiterConfig records;
  private final RateLimiterConfig bytes;
  private final ConcurrentHashMap<String, RateLimiter[]> limiters = new ConcurrentHashMap<>();

  ShardThrottles(KinesisProducerConfig config) {
    this.records = config(config.shardRecordsPerSecond(), config.rateLimit());
    this.bytes = config(config.shardBytesPerSecond(), config.rateLimit());
  }

  private static RateLimiterConfig config(long perSecond, long percent) {
    if (perSecond == 0) {
      return null;
    }
    long limit = Math.max(1, Math.min(Integer.MAX_VALUE, perSecond * percent / 100));
    return RateLimiterConfig.custom()
        .limitForPeriod((int) limit)
        .limitRefreshPeriod(Duration.ofSeconds(1))
        .timeoutDuration(Duration.ZERO)
        .build();
  }

  boolean enabled() {
    return records != null || bytes != null;
  }

  /** Takes one record of {@code size} bytes from the shard's allowance; false when over it. */
  boolean tryAcquire(String stream, long incarnation, int shard, long size) {
    if (!enabled()) {
      return true;
    }
    RateLimiter[] pair = pair(stream, incarnation, shard);
    if (pair[0] != null && !pair[0].acquirePermission(1)) {
      return false;
    }
    int permits = (int) Math.min(size, bytes == null ? 1 : bytes.getLimitForPeriod());
    return pair[1] == null || pair[1].acquirePermission(permits);
  }

  /**
   * How long until the shard's allowance is refilled, after {@link #tryAcquire} refused: when a
   * throttled record should be tried again (sooner is refused again, later wastes the allowance); 0
   * if the limiter cannot tell.
   */
  long nanosToRefill(String stream, long incarnation, int shard) {
    long nanos = 0;
    for (RateLimiter limiter : pair(stream, incarnation, shard)) {
      // resilience4j's own limiter (what RateLimiter.of makes) knows when its next cycle starts.
      if (limiter != null
          && limiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics m) {
        nanos = Math.max(nanos, m.getNanosToWait());
      }
    }
    return nanos;
  }

  private RateLimiter[] pair(String stream, long incarnation, int shard) {
    return limiters.computeIfAbsent(
        stream + "@" + incarnation + "/" + shard,
        k ->
            new RateLimiter[] {
              records == null ? null : RateLimiter.of(k + "/records", records),
              bytes == null ? null : RateLimiter.of(k + "/bytes", bytes)
            });
  }
}
