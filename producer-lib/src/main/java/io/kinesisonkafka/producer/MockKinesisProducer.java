package io.kinesisonkafka.producer;

import io.kinesisonkafka.adapter.catalog.HashKeys;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link UserRecordProducer} for users' unit tests, in the manner of Kafka's {@code
 * MockProducer}: no Kafka, no threads. It records every user record, routes it as a new stream of
 * {@code shardCount} shards would (MD5 of the partition key or the explicit hash key, evenly split
 * hash key ranges), and completes its future either at once ({@code autoComplete}) or when the test
 * says so with {@link #completeNext()} / {@link #errorNext(String, String)}.
 *
 * <p>Validation is the real producer's: what {@code KinesisProducer} refuses, this refuses too.
 * Sequence numbers increase per shard; they are not in the Kinesis layout.
 *
 * <p>Threads: every method is synchronized on the mock, and a future completes on the thread that
 * completes it ({@code addUserRecord} with {@code autoComplete}, {@code completeNext}, {@code
 * errorNext}, {@code flushSync}, {@code close}, {@code destroy}), while that thread holds the
 * mock's lock.
 */
public final class MockKinesisProducer implements UserRecordProducer {
  private static final BigInteger HASH_SPACE = BigInteger.ONE.shiftLeft(128);

  /**
   * A user record as it was added.
   *
   * @param stream the stream it was added for
   * @param partitionKey its partition key
   * @param explicitHashKey its explicit hash key; null if none was given
   * @param data a copy of its data
   * @param shardId the shard it was routed to, {@code shardId-} and twelve digits
   */
  public record SentRecord(
      String stream, String partitionKey, String explicitHashKey, byte[] data, String shardId) {}

  private final boolean autoComplete;
  private final int shardCount;
  private final List<SentRecord> history = new ArrayList<>();
  private final Deque<Pending> pending = new ArrayDeque<>();
  private final long[] nextSequence;
  private boolean closed;

  private record Pending(SentRecord record, CompletableFuture<UserRecordResult> future) {}

  /** Completes every record at once, routing over 4 shards. */
  public MockKinesisProducer() {
    this(true, 4);
  }

  /**
   * A mock that completes futures at once or when told to.
   *
   * @param autoComplete complete each future as the record is added; otherwise the test does
   * @param shardCount the shards of the streams the records are routed over
   * @throws IllegalArgumentException if {@code shardCount} is below 1
   */
  public MockKinesisProducer(boolean autoComplete, int shardCount) {
    if (shardCount < 1) {
      throw new IllegalArgumentException("shardCount must be >= 1, but was " + shardCount);
    }
    this.autoComplete = autoComplete;
    this.shardCount = shardCount;
    this.nextSequence = new long[shardCount];
  }

  /**
   * {@inheritDoc}
   *
   * <p>Records it in the history and, with {@code autoComplete}, completes its future before
   * returning; otherwise the future waits for {@link #completeNext()} or {@link #errorNext}.
   */
  @Override
  public synchronized CompletableFuture<UserRecordResult> addUserRecord(
      String stream, String partitionKey, String explicitHashKey, ByteBuffer data) {
    if (closed) {
      throw new IllegalStateException("producer is closed");
    }
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    byte[] key =
        partitionKey == null
            ? new byte[0]
            : partitionKey.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    BigInteger explicit =
        io.kinesisonkafka.producer.internals.ProducerCore.checkedExplicitHashKey(
            stream, partitionKey, explicitHashKey, key, bytes.length);
    BigInteger hashKey =
        explicit != null
            ? explicit
            : io.kinesisonkafka.adapter.catalog.HashKeys.ofPartitionKey(key);
    int shard = hashKey.multiply(BigInteger.valueOf(shardCount)).divide(HASH_SPACE).intValue();
    SentRecord record =
        new SentRecord(stream, partitionKey, explicitHashKey, bytes, shardId(shard));
    history.add(record);
    CompletableFuture<UserRecordResult> future = new CompletableFuture<>();
    pending.add(new Pending(record, future));
    if (autoComplete) {
      completeNext();
    }
    return future;
  }

  /**
   * Same as the real producer's {@code addUserRecord(stream, key, byte[])}.
   *
   * @param stream the stream's name
   * @param partitionKey 1 to 256 characters
   * @param data up to 1 MiB with the partition key; copied
   * @return the record's future, as {@link #addUserRecord(String, String, String, ByteBuffer)}
   * @throws IllegalArgumentException for a record the real producer refuses
   * @throws IllegalStateException if the mock is closed
   */
  public CompletableFuture<UserRecordResult> addUserRecord(
      String stream, String partitionKey, byte[] data) {
    return addUserRecord(stream, partitionKey, null, ByteBuffer.wrap(data));
  }

  private static String shardId(int index) {
    return String.format("shardId-%012d", index);
  }

  /**
   * Succeeds the oldest pending record, with the next sequence number of its shard.
   *
   * @return true if a record was completed, false if none is pending
   */
  public synchronized boolean completeNext() {
    Pending next = pending.poll();
    if (next == null) {
      return false;
    }
    int shard = Integer.parseInt(next.record().shardId().substring(8));
    long sequence = nextSequence[shard]++;
    String sequenceNumber =
        BigInteger.valueOf(shard + 1L).shiftLeft(64).add(BigInteger.valueOf(sequence)).toString();
    next.future()
        .complete(UserRecordResult.succeeded(next.record().shardId(), sequenceNumber, sequence));
    return true;
  }

  /**
   * Fails the oldest pending record with an attempt carrying this error code and message (for
   * instance {@code "Expired"}): its future fails with {@link UserRecordFailedException}.
   *
   * @param errorCode the attempt's error code, e.g. {@code Throttled}
   * @param message the attempt's error message
   * @return true if a record was failed, false if none is pending
   */
  public synchronized boolean errorNext(String errorCode, String message) {
    Pending next = pending.poll();
    if (next == null) {
      return false;
    }
    next.future()
        .completeExceptionally(
            new UserRecordFailedException(
                UserRecordResult.failed(
                    List.of(
                        new Attempt(Duration.ZERO, Duration.ZERO, errorCode, message, false)))));
    return true;
  }

  /**
   * Every user record added since the mock was made or last {@linkplain #clear() cleared}, in
   * order.
   *
   * @return an unmodifiable copy
   */
  public synchronized List<SentRecord> history() {
    return List.copyOf(history);
  }

  /** Forgets the history (pending records stay pending). */
  public synchronized void clear() {
    history.clear();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: the records added and not yet completed or failed.
   */
  @Override
  public synchronized long getOutstandingRecordsCount() {
    return pending.size();
  }

  /**
   * Does nothing: the mock buffers nothing.
   *
   * @param stream ignored
   */
  @Override
  public void flush(String stream) {}

  /** Does nothing: the mock buffers nothing. */
  @Override
  public void flush() {}

  /** Completes every pending record successfully, as a real flushSync would once they are put. */
  @Override
  public synchronized void flushSync() {
    while (completeNext()) {
      // drained
    }
  }

  /**
   * Fails every pending record with error code {@code Closed}, and closes the mock: later {@code
   * addUserRecord} calls throw {@link IllegalStateException}.
   */
  @Override
  public synchronized void destroy() {
    closed = true;
    while (errorNext("Closed", "producer destroyed")) {
      // failed
    }
  }

  /**
   * Completes every pending record successfully, as {@link #flushSync()}, and closes the mock:
   * later {@code addUserRecord} calls throw {@link IllegalStateException}.
   *
   * @param timeout ignored: nothing is waited for
   */
  @Override
  public synchronized void close(Duration timeout) {
    flushSync();
    closed = true;
  }

  /**
   * The hash key the record was routed by: its explicit hash key, or its partition key's MD5 as an
   * unsigned 128-bit number.
   *
   * @param record a record from {@link #history()}
   * @return the hash key, in 0..2^128-1
   */
  public static BigInteger hashKeyOf(SentRecord record) {
    return record.explicitHashKey() != null
        ? new BigInteger(record.explicitHashKey())
        : HashKeys.ofPartitionKey(record.partitionKey());
  }
}
