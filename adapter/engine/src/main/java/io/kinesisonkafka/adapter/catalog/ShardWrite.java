package io.kinesisonkafka.adapter.catalog;

import java.util.concurrent.CompletableFuture;

/**
 * One record on its way to a shard, as {@link ReshardSafeWrites} follows it: the stream and hash
 * key it routes by and, once {@link ReshardSafeWrites#route routed}, the view, shard and instant of
 * the routing decision, then, once {@link ReshardSafeWrites#acked acknowledged}, where Kafka put
 * it. Writers keep one per record, usually by extending it with their own record type, so that the
 * protocol adds no object per record.
 *
 * <p>Not thread-safe: a record is moved on by one thread at a time (a caller, a Kafka I/O thread, a
 * future's callback), and those hand-offs publish what the previous thread wrote. Only the protocol
 * changes the routing and acknowledgement state.
 */
public class ShardWrite {
  /** For {@code requiredIncarnation}: the record may go to whichever stream of that name exists. */
  public static final long ANY_INCARNATION = -1;

  private final String stream;
  private final long requiredIncarnation;
  private final long hashHigh;
  private final long hashLow;

  private StreamView view;
  private ShardView shard;
  private long routedNanos;
  private long offset = -1;
  private long timestampMillis;
  private long ackedNanos;
  private CompletableFuture<Void> heldUntil;

  /**
   * @param stream the stream's name
   * @param requiredIncarnation the only {@link StreamView#incarnation()} the record may go to (a
   *     request names the stream it resolved), or {@link #ANY_INCARNATION}
   * @param hashHigh upper 64 bits of the hash key, unsigned (see {@link HashKeys.Hasher})
   * @param hashLow lower 64 bits of the hash key, unsigned
   */
  protected ShardWrite(String stream, long requiredIncarnation, long hashHigh, long hashLow) {
    this.stream = stream;
    this.requiredIncarnation = requiredIncarnation;
    this.hashHigh = hashHigh;
    this.hashLow = hashLow;
  }

  /**
   * The stream the record is for.
   *
   * @return the stream's name, as given to the constructor
   */
  public final String stream() {
    return stream;
  }

  /**
   * The incarnation the record must go to, or {@link #ANY_INCARNATION}.
   *
   * @return the required incarnation, as given to the constructor
   */
  public final long requiredIncarnation() {
    return requiredIncarnation;
  }

  /**
   * The upper half of the record's hash key.
   *
   * @return bits 64 to 127 of the hash key, as an unsigned long
   */
  public final long hashHigh() {
    return hashHigh;
  }

  /**
   * The lower half of the record's hash key.
   *
   * @return bits 0 to 63 of the hash key, as an unsigned long
   */
  public final long hashLow() {
    return hashLow;
  }

  /**
   * The view of the last routing decision; null before the first.
   *
   * @return the stream view, or null
   */
  public final StreamView view() {
    return view;
  }

  /**
   * The shard to send to after {@link ReshardSafeWrites.Decision#SEND SEND}; the shard that holds
   * the record after {@link ReshardSafeWrites.Decision#CONFIRMED CONFIRMED} (its sequence numbers
   * are the same in every view).
   *
   * @return the shard; null before the first routing decision
   */
  public final ShardView shard() {
    return shard;
  }

  /**
   * When the last routing decision was taken, on the protocol's clock.
   *
   * @return the decision's {@link System#nanoTime()}; 0 before the first
   */
  public final long routedNanos() {
    return routedNanos;
  }

  /**
   * Kafka offset of the acknowledged record; -1 before the acknowledgement.
   *
   * @return the offset, or -1 (also after a new routing decision)
   */
  public final long offset() {
    return offset;
  }

  /**
   * Log-append time Kafka acknowledged with, in epoch milliseconds.
   *
   * @return the timestamp; meaningful only once {@link #isAcknowledged()}
   */
  public final long timestampMillis() {
    return timestampMillis;
  }

  /**
   * When the acknowledgement arrived, on the protocol's clock.
   *
   * @return the acknowledgement's {@link System#nanoTime()}; meaningful only once {@link
   *     #isAcknowledged()}
   */
  public final long ackedNanos() {
    return ackedNanos;
  }

  /**
   * Whether Kafka acknowledged the record's current try: then ask {@code check}, not route.
   *
   * @return true once {@link ReshardSafeWrites#acked} recorded an offset for the current try
   */
  public final boolean isAcknowledged() {
    return offset >= 0;
  }

  /**
   * After {@link ReshardSafeWrites.Decision#HOLD HOLD}: completes when asking again may decide
   * otherwise (on the catalog reader's thread, or at once). It completes exceptionally when the
   * catalog reader stopped. It is this record's own future: a timeout may be put on it.
   *
   * @return the future of the last {@link ReshardSafeWrites.Decision#HOLD HOLD}; null before any,
   *     and after a new routing decision or a confirmation
   */
  public final CompletableFuture<Void> heldUntil() {
    return heldUntil;
  }

  final void routed(StreamView view, ShardView shard, long nowNanos) {
    this.view = view;
    this.shard = shard;
    this.routedNanos = nowNanos;
    this.offset = -1;
    this.heldUntil = null;
  }

  final void acknowledged(long offset, long timestampMillis, long nowNanos) {
    this.offset = offset;
    this.timestampMillis = timestampMillis;
    this.ackedNanos = nowNanos;
  }

  final void confirmedIn(ShardView shard) {
    this.shard = shard;
    this.heldUntil = null;
  }

  final void hold(CompletableFuture<Void> until) {
    this.heldUntil = until;
  }

  /** Forgets the last try's acknowledgement: the record is routed anew. */
  final void unacknowledged() {
    this.offset = -1;
  }
}
