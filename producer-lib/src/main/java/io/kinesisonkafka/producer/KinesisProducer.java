package io.kinesisonkafka.producer;

import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.producer.internals.OutstandingLimit;
import io.kinesisonkafka.producer.internals.PendingUserRecord;
import io.kinesisonkafka.producer.internals.ProducerCore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The KPL's {@code KinesisProducer}, writing straight to Kafka: user records are routed to shards
 * by the stream's shard map (MD5 of the partition key, or the explicit hash key), aggregated in the
 * KPL's format per shard, rate limited per shard, and appended to the shard's Kafka partition by
 * one idempotent KafkaProducer. Splits and merges while records are in flight lose none (see
 * DESIGN.md section 3).
 *
 * <p>Threads: every method may be called from any number of threads. {@code addUserRecord} returns
 * at once, except with {@link KinesisProducerConfig.WhenFull#BLOCK} while {@code
 * maxOutstandingBytes} are outstanding. Futures complete on a Kafka I/O thread (named by Kafka
 * "kafka-producer-network-thread | " and the Kafka producer's {@code client.id}, {@code
 * kinesis-producer-M} unless set) for records acknowledged at once, or on the producer's timer
 * thread ("kinesis-producer-N") for records that were retried, held during a reshard, or failed. Do
 * not block in their callbacks; use the {@code ...Async} variants for heavy work. A record refused
 * for a full buffer ({@code BufferFull}) has its future failed on the calling thread, before {@code
 * addUserRecord} returns.
 *
 * <p>Differences from the KPL: no native process, no HTTP; a back-pressure bound ({@code
 * maxOutstandingBytes}) instead of unbounded memory; exponential back-off with jitter on retries;
 * and no duplicates from retries (Kafka's idempotent producer retries broker errors, and this
 * producer retries only what Kafka never took).
 */
public final class KinesisProducer implements UserRecordProducer {
  private final KinesisProducerConfig config;
  private final ProducerCore core;
  private volatile boolean closed;

  /**
   * A producer with metrics in its own {@link SimpleMeterRegistry} (see {@link #metrics()}).
   *
   * @param config the configuration
   * @throws io.kinesisonkafka.adapter.errors.KinesisException if Kafka cannot be reached
   */
  public KinesisProducer(KinesisProducerConfig config) {
    this(config, new SimpleMeterRegistry());
  }

  /**
   * A producer that registers its metrics in the given registry. It opens the catalog view and its
   * Kafka producers before it returns.
   *
   * @param config the configuration
   * @param registry where the KPL's metrics go (UserRecordsPut, KinesisRecordsPut, ErrorsByCode,
   *     UserRecordsPending, RetriesPerRecord, ...), tagged {@code producer=kinesis-producer-N}
   * @throws io.kinesisonkafka.adapter.errors.KinesisException if Kafka cannot be reached
   */
  public KinesisProducer(KinesisProducerConfig config, MeterRegistry registry) {
    this.config = config;
    this.core = new ProducerCore(config, registry);
  }

  /**
   * The configuration this producer was made with.
   *
   * @return the configuration
   */
  public KinesisProducerConfig config() {
    return config;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The bytes are copied before this returns.
   */
  @Override
  public CompletableFuture<UserRecordResult> addUserRecord(
      String stream, String partitionKey, String explicitHashKey, ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    return addUserRecord(stream, partitionKey, explicitHashKey, bytes);
  }

  /**
   * Like {@link #addUserRecord(String, String, String, ByteBuffer)}, but {@code data} is not
   * copied: it must not change until the record's future completes.
   *
   * @param stream the stream's name
   * @param partitionKey 1 to 256 characters; routes the record by its MD5 unless an explicit hash
   *     key is given
   * @param explicitHashKey null, or a decimal in 0..2^128-1 that routes the record instead
   * @param data up to 1 MiB with the partition key
   * @return completes with the record's result once Kafka acknowledged it, or fails with {@link
   *     UserRecordFailedException}
   * @throws IllegalArgumentException for a record Kinesis would refuse (empty stream name, bad key,
   *     too large)
   * @throws IllegalStateException if the producer is closed
   */
  public CompletableFuture<UserRecordResult> addUserRecord(
      String stream, String partitionKey, String explicitHashKey, byte[] data) {
    if (closed) {
      throw new IllegalStateException("producer is closed");
    }
    byte[] key = ProducerCore.utf8(partitionKey == null ? "" : partitionKey);
    BigInteger explicit =
        ProducerCore.checkedExplicitHashKey(
            stream, partitionKey, explicitHashKey, key, data.length);
    Future record =
        new Future(
            partitionKey,
            key,
            explicitHashKey,
            explicit,
            data,
            System.nanoTime(),
            core.outstanding());
    add(stream, record);
    return record;
  }

  /**
   * Like {@link #addUserRecord(String, String, byte[])}, but the outcome goes to {@code callback}
   * instead of a future: the same routing, aggregation, rate limits, retries and back-pressure, one
   * object less per record and no {@link UserRecordResult} on success. {@code data} is not copied.
   *
   * @param stream the stream's name
   * @param partitionKey 1 to 256 characters; routes the record by its MD5
   * @param data up to 1 MiB with the partition key; must not change until the callback is called
   * @param callback told the outcome once, with null once Kafka acknowledged the record, or with
   *     the {@link UserRecordFailedException} its future would have failed with (for a full buffer
   *     under {@link KinesisProducerConfig.WhenFull#FAIL}, on the calling thread before this
   *     returns)
   * @throws IllegalArgumentException for a record Kinesis would refuse (the callback is not called)
   * @throws IllegalStateException if the producer is closed (the callback is not called)
   */
  public void addUserRecord(
      String stream, String partitionKey, byte[] data, UserRecordCallback callback) {
    if (closed) {
      throw new IllegalStateException("producer is closed");
    }
    if (callback == null) {
      throw new IllegalArgumentException("callback must not be null");
    }
    byte[] key = ProducerCore.utf8(partitionKey == null ? "" : partitionKey);
    ProducerCore.checkedExplicitHashKey(stream, partitionKey, null, key, data.length);
    add(
        stream,
        new Callback(partitionKey, key, data, System.nanoTime(), core.outstanding(), callback));
  }

  /** Admits {@code record} under maxOutstandingBytes (or fails it) and hands it to the core. */
  private void add(String stream, PendingUserRecord record) {
    long size = record.size();
    // The arrival's clock reading serves the routing too, unless the record waited for room.
    long now = record.arrivalNanos();
    if (!core.outstanding().tryAcquire(size)) {
      boolean admitted;
      try {
        admitted = core.outstanding().acquire(size, core.blockNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        admitted = false;
      }
      if (!admitted) {
        record.failNow(
            "BufferFull",
            "maxOutstandingBytes (" + config.maxOutstandingBytes() + ") are outstanding");
        return;
      }
      now = System.nanoTime();
    }
    core.add(stream, record, now);
  }

  /**
   * Same as the KPL's: routes by the partition key's MD5; {@code data} is not copied.
   *
   * @param stream the stream's name
   * @param partitionKey 1 to 256 characters
   * @param data up to 1 MiB with the partition key; must not change until the future completes
   * @return completes with the record's result once Kafka acknowledged it, or fails with {@link
   *     UserRecordFailedException}
   * @throws IllegalArgumentException for a record Kinesis would refuse
   * @throws IllegalStateException if the producer is closed
   */
  public CompletableFuture<UserRecordResult> addUserRecord(
      String stream, String partitionKey, byte[] data) {
    return addUserRecord(stream, partitionKey, null, data);
  }

  @Override
  public long getOutstandingRecordsCount() {
    return core.outstanding().records();
  }

  /**
   * Bytes of user records accepted and not yet acknowledged or failed: what {@code
   * maxOutstandingBytes} bounds.
   *
   * @return the outstanding bytes: data and UTF-8 partition keys (the bound also counts a fixed
   *     overhead per record, which this leaves out)
   */
  public long getOutstandingBytes() {
    return core.outstanding().bytes();
  }

  /**
   * How the producer is doing: serving; waiting while Kafka cannot be reached (the catalog reader
   * retries by itself, records wait in their shard's buffer and fail at {@code recordTtl} if Kafka
   * does not acknowledge them by then); failed when its catalog reader stopped for good, when only
   * a new producer helps. Never blocks; meant for the application's health check.
   *
   * @return the producer's health, with what is wrong in its detail
   */
  public Health health() {
    return core.health();
  }

  /**
   * The registry holding this producer's metrics: the one given to the constructor, or its own.
   *
   * @return the registry
   */
  public MeterRegistry metrics() {
    return core.metrics().registry();
  }

  @Override
  public void flush(String stream) {
    core.flush(stream);
  }

  @Override
  public void flush() {
    core.flush(null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>There is no time limit of its own: a record fails once it is {@code recordTtl} old, but
   * records added meanwhile are waited for too.
   */
  @Override
  public void flushSync() {
    try {
      core.drain(Duration.ofMillis(Long.MAX_VALUE / 2_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void destroy() {
    closed = true;
    core.close();
  }

  /**
   * {@inheritDoc}
   *
   * <p>If the thread is interrupted while waiting, it stops waiting, keeps the interrupt flag set,
   * and closes as after the timeout.
   */
  @Override
  public void close(Duration timeout) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      core.drain(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    core.close(Duration.ZERO);
  }

  /** A user record's future: the record itself (see {@link PendingUserRecord}). */
  private static final class Future extends PendingUserRecord {
    Future(
        String partitionKey,
        byte[] partitionKeyUtf8,
        String explicitHashKey,
        BigInteger explicitHashKeyValue,
        byte[] data,
        long arrivalNanos,
        OutstandingLimit outstanding) {
      super(
          partitionKey,
          partitionKeyUtf8,
          explicitHashKey,
          explicitHashKeyValue,
          data,
          arrivalNanos,
          outstanding);
    }

    @Override
    protected void succeeded(
        ShardView shard,
        long offset,
        long timestampMillis,
        long subSequenceNumber,
        List<Attempt> earlierAttempts,
        long delayNanos,
        long durationNanos) {
      complete(
          UserRecordResult.succeeded(
              shard,
              offset,
              timestampMillis,
              subSequenceNumber,
              earlierAttempts,
              delayNanos,
              durationNanos));
    }

    @Override
    protected void failed(List<Attempt> attempts) {
      completeExceptionally(new UserRecordFailedException(UserRecordResult.failed(attempts)));
    }
  }

  /** A user record whose outcome goes to a {@link UserRecordCallback}; its future stays unused. */
  private static final class Callback extends PendingUserRecord {
    private final UserRecordCallback callback;

    Callback(
        String partitionKey,
        byte[] partitionKeyUtf8,
        byte[] data,
        long arrivalNanos,
        OutstandingLimit outstanding,
        UserRecordCallback callback) {
      super(partitionKey, partitionKeyUtf8, null, null, data, arrivalNanos, outstanding);
      this.callback = callback;
    }

    @Override
    protected void succeeded(
        ShardView shard,
        long offset,
        long timestampMillis,
        long subSequenceNumber,
        List<Attempt> earlierAttempts,
        long delayNanos,
        long durationNanos) {
      tell(null);
    }

    @Override
    protected void failed(List<Attempt> attempts) {
      tell(new UserRecordFailedException(UserRecordResult.failed(attempts)));
    }

    @Override
    protected UserRecordCallback successCallback() {
      return callback;
    }

    private void tell(UserRecordFailedException failure) {
      PendingUserRecord.tell(callback, failure);
    }
  }
}
