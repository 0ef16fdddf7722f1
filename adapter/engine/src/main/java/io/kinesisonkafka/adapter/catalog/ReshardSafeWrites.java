package io.kinesisonkafka.adapter.catalog;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The write protocol of DESIGN.md section 3, which loses no acknowledged record to a split or
 * merge, as decisions: the engine's PutRecord/PutRecords and producer-lib both follow it, each with
 * its own sends, batching, retries, deadlines and errors. For each record ({@link ShardWrite}):
 *
 * <ol>
 *   <li>{@link #route}: {@link Decision#SEND SEND} it to {@link ShardWrite#shard()}, routed with a
 *       view known fresh (it holds every catalog command acknowledged up to the freshness bound
 *       before the decision); or {@link Decision#HOLD HOLD} it while the view is not fresh or the
 *       shard is frozen by a reshard; or {@link Decision#STREAM_GONE STREAM_GONE}.
 *   <li>{@link #acked} once Kafka acknowledged it: {@link Decision#CONFIRMED CONFIRMED} when that
 *       came within the fast-ack bound of the routing decision (a reshard's freeze window, which is
 *       longer than freshness plus fast-ack bound, then fixes the shard's end after the record), or
 *       when a view fresh as of less than freshness plus fast-ack bound before the acknowledgement
 *       still shows the shard open (the same bound, from a newer view: it spares slowly
 *       acknowledged records a catalog read); else {@link Decision#HOLD HOLD}.
 *   <li>{@link #check} once the held acknowledgement may be decided, with a view fresh as of the
 *       acknowledgement: {@link Decision#CONFIRMED CONFIRMED} while the shard is open or the record
 *       lies before its end offset, {@link Decision#HOLD HOLD} while it is frozen, {@link
 *       Decision#PLACE_AGAIN PLACE_AGAIN} when the record landed past the end of the closed shard
 *       (it is in no reader's path: route it again, it then goes to a child), or {@link
 *       Decision#STREAM_GONE STREAM_GONE}.
 * </ol>
 *
 * <p>After {@link Decision#HOLD HOLD}, wait for {@link ShardWrite#heldUntil()} and ask the same
 * question again: {@link #route} before the acknowledgement, {@link #check} after it ({@link
 * ShardWrite#isAcknowledged()}).
 *
 * <p>Thread-safe and lock-free; decisions never block and allocate nothing on the usual path (a
 * record sent, then acknowledged within the bound). Times come from one monotonic clock, which must
 * be the catalog's ({@link System#nanoTime()}).
 */
public final class ReshardSafeWrites {
  /** What to do with a record next. */
  public enum Decision {
    /** Send it to {@link ShardWrite#shard()} of {@link ShardWrite#view()}'s topic. */
    SEND,
    /**
     * Wait for {@link ShardWrite#heldUntil()}, then ask again ({@link #route} or {@link #check}).
     */
    HOLD,
    /** The stream no longer exists (deleted, or another incarnation), or takes no writes. */
    STREAM_GONE,
    /** Acknowledge it: {@link ShardWrite#shard()} holds it at {@link ShardWrite#offset()}. */
    CONFIRMED,
    /** It landed past the end of its closed shard, where no reader looks: route it again. */
    PLACE_AGAIN
  }

  private final CatalogFeed catalog;
  private final LongSupplier nanoClock;
  private final long freshnessNanos;
  private final long fastAckNanos;

  /** An acknowledgement this soon after a view's freshness instant is decided by that view. */
  private final long recentViewNanos;

  ReshardSafeWrites(
      CatalogFeed catalog, Duration freshness, Duration fastAckBound, LongSupplier nanoClock) {
    this.catalog = catalog;
    this.nanoClock = nanoClock;
    this.freshnessNanos = freshness.toNanos();
    this.fastAckNanos = fastAckBound.toNanos();
    this.recentViewNanos = freshness.plus(fastAckBound).toNanos();
  }

  /**
   * The protocol over a catalog, with its {@linkplain StreamCatalog#freshness() freshness} and
   * {@linkplain StreamCatalog#fastAckBound() fast-ack bound}, which must be those of the servers
   * that reshard.
   *
   * @param catalog an open catalog; the protocol reads it, closing it is the caller's
   * @return the protocol, thread-safe; one serves every writer of the catalog
   */
  public static ReshardSafeWrites of(StreamCatalog catalog) {
    return new ReshardSafeWrites(
        catalog.feed(), catalog.freshness(), catalog.fastAckBound(), System::nanoTime);
  }

  /**
   * Decides where a record goes: {@link Decision#SEND}, {@link Decision#HOLD} or {@link
   * Decision#STREAM_GONE}. Records the view, shard and instant of the decision in {@code write} and
   * forgets any earlier try's acknowledgement.
   *
   * @param write the record, new or after {@link Decision#HOLD} or {@link Decision#PLACE_AGAIN}
   * @return {@link Decision#SEND}, {@link Decision#HOLD} or {@link Decision#STREAM_GONE}
   */
  public Decision route(ShardWrite write) {
    return route(write, nanoClock.getAsLong());
  }

  /**
   * As {@link #route(ShardWrite)}, deciding as of {@code nowNanos}, a reading of the protocol's
   * clock the caller took already (a writer that reads the clock when a record arrives need not
   * read it again to route the record). Any earlier reading is safe: the view must then be fresh as
   * of that earlier instant, and the acknowledgement counts as that much slower.
   *
   * @param write the record, new or after {@link Decision#HOLD} or {@link Decision#PLACE_AGAIN}
   * @param nowNanos a {@link System#nanoTime()} taken before this call
   * @return {@link Decision#SEND}, {@link Decision#HOLD} or {@link Decision#STREAM_GONE}
   */
  public Decision route(ShardWrite write, long nowNanos) {
    long now = nowNanos;
    // Freshness before the view: the view read after it is at least that fresh.
    if (now - catalog.freshAsOfNanos() > freshnessNanos) {
      write.unacknowledged();
      write.hold(catalog.whenFreshAsOf(now - freshnessNanos));
      return Decision.HOLD;
    }
    StreamView stream = catalog.view(write.stream());
    if (stream == null
        || !stream.acceptsWrites()
        || (write.requiredIncarnation() != ShardWrite.ANY_INCARNATION
            && stream.incarnation() != write.requiredIncarnation())) {
      return Decision.STREAM_GONE;
    }
    ShardView shard = stream.route(write.hashHigh(), write.hashLow());
    write.routed(stream, shard, now);
    if (shard.isFrozen()) {
      holdUntilChangeFrom(write, stream);
      return Decision.HOLD;
    }
    return Decision.SEND;
  }

  /**
   * Decides on Kafka's acknowledgement of the record at {@code offset}: {@link Decision#CONFIRMED}
   * or {@link Decision#HOLD} (then {@link #check} it). Cheap enough for Kafka's I/O thread.
   *
   * @param write the record, as {@link #route} last sent it
   * @param offset the Kafka offset the record got
   * @param timestampMillis the log-append time Kafka acknowledged with, in epoch milliseconds
   * @return {@link Decision#CONFIRMED} or {@link Decision#HOLD}
   */
  public Decision acked(ShardWrite write, long offset, long timestampMillis) {
    long now = nanoClock.getAsLong();
    write.acknowledged(offset, timestampMillis, now);
    if (now - write.routedNanos() <= fastAckNanos || openInARecentView(write, now)) {
      return Decision.CONFIRMED;
    }
    write.hold(catalog.whenFreshAsOf(now));
    return Decision.HOLD;
  }

  /**
   * Decides on an acknowledgement {@link #acked} held: {@link Decision#CONFIRMED}, {@link
   * Decision#HOLD} (while the view is not yet fresh as of the acknowledgement, or the shard is
   * frozen), {@link Decision#PLACE_AGAIN} or {@link Decision#STREAM_GONE}.
   *
   * @param write the record, acknowledged ({@link ShardWrite#isAcknowledged()})
   * @return {@link Decision#CONFIRMED}, {@link Decision#HOLD}, {@link Decision#PLACE_AGAIN} or
   *     {@link Decision#STREAM_GONE}
   * @throws IllegalStateException if the record's current try was not acknowledged
   */
  public Decision check(ShardWrite write) {
    if (!write.isAcknowledged()) {
      throw new IllegalStateException("check before the acknowledgement of " + write.stream());
    }
    if (catalog.freshAsOfNanos() - write.ackedNanos() < 0) {
      write.hold(catalog.whenFreshAsOf(write.ackedNanos()));
      return Decision.HOLD;
    }
    StreamView stream = catalog.view(write.stream());
    ShardView shard =
        stream == null || stream.incarnation() != write.view().incarnation()
            ? null
            : stream.shardAt(write.shard().index());
    if (shard == null) {
      return Decision.STREAM_GONE;
    }
    if (shard.isFrozen()) {
      holdUntilChangeFrom(write, stream);
      return Decision.HOLD;
    }
    if (shard.isClosed() && write.offset() >= shard.endOffset()) {
      write.unacknowledged();
      return Decision.PLACE_AGAIN;
    }
    write.confirmedIn(shard);
    return Decision.CONFIRMED;
  }

  /**
   * Whether a view fresh as of less than {@code freshness + fastAckBound} before the
   * acknowledgement still shows the shard open. Then the record lies before the shard's end,
   * whatever happens next: a close waits a freeze window (longer than that) after it saw the
   * freeze, which was written after that view's instant, and then fixes the end from the high
   * watermark, which already included the acknowledged record.
   */
  private boolean openInARecentView(ShardWrite write, long ackNanos) {
    if (ackNanos - catalog.freshAsOfNanos() >= recentViewNanos) {
      return false;
    }
    StreamView stream = catalog.view(write.stream());
    if (stream == null || stream.incarnation() != write.view().incarnation()) {
      return false;
    }
    ShardView now = stream.shardAt(write.shard().index());
    return now != null && !now.isFrozen() && !now.isClosed();
  }

  /**
   * Holds {@code write} until the catalog changes from {@code seen}. A change applied after {@code
   * seen} was read but before the wait began would be missed, so then the hold ends at once.
   */
  private void holdUntilChangeFrom(ShardWrite write, StreamView seen) {
    CompletableFuture<Void> change = catalog.nextChange();
    if (catalog.view(write.stream()) != seen) {
      change = CompletableFuture.completedFuture(null);
    }
    write.hold(change);
  }

  /** What the protocol reads of a catalog; a seam for tests, which drive time and views. */
  interface CatalogFeed {
    /** As {@link StreamCatalog#freshAsOfNanos()}. */
    long freshAsOfNanos();

    /** The stream's current view, or null. */
    StreamView view(String stream);

    /** As {@link StreamCatalog#whenFreshAsOf(long)}: the caller's own future. */
    CompletableFuture<Void> whenFreshAsOf(long nanoTime);

    /** As {@link StreamCatalog#nextChange()}: the caller's own future. */
    CompletableFuture<Void> nextChange();
  }
}
