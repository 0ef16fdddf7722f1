package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INTERNAL_FAILURE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_NOT_FOUND;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.StreamMetrics;
import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.catalog.ReshardSafeWrites;
import io.kinesisonkafka.adapter.catalog.ReshardSafeWrites.Decision;
import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.adapter.catalog.ShardWrite;
import io.kinesisonkafka.adapter.catalog.StreamCatalog;
import io.kinesisonkafka.adapter.catalog.StreamView;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.kafka.RecordLog;
import io.kinesisonkafka.adapter.internals.mapping.HashKeySpace;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.PutRecordsResult;
import io.kinesisonkafka.adapter.model.StreamRef;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PutRecord and PutRecords, following the reshard-safe write protocol that producer-lib follows too
 * ({@link ReshardSafeWrites}, on the public view of the engine's catalog): it decides where each
 * record goes, when it waits, and whether Kafka's acknowledgement confirms it; this class
 * validates, throttles, appends, keeps the request's deadline and answers Kinesis errors.
 */
public final class RecordWriter {
  static final int MAX_RECORDS_PER_CALL = 500;
  static final long MAX_BYTES_PER_CALL = 10L * 1024 * 1024;
  static final int MAX_DATA_BYTES = 10 * 1024 * 1024;

  private final EngineConfig config;
  private final StreamLookup lookup;
  private final CatalogLog catalog;
  private final RecordLog recordLog;
  private final ShardThrottle throttle;
  private final ReshardSafeWrites protocol;

  /**
   * One record on its way: its position in the request and its validated inputs, and once it has an
   * outcome (acknowledged or failed), its {@link #settled()} future for the records of the same
   * request sent after it to the same shard.
   */
  private static final class Item extends ShardWrite implements RecordLog.Listener {
    final int index;
    final byte[] key;
    final byte[] data;
    final byte[] explicitHashKey;
    final long size;

    /** Made only when a later record waits on this one (the slow path); guarded by this. */
    private CompletableFuture<Void> settled;

    /** Written under this' lock; read without it to skip the lock when nobody waits. */
    private volatile boolean hasOutcome;

    /** Whether {@link #settled} was asked for; written under this' lock. */
    private volatile boolean awaited;

    /** The current try's context, set by {@link #send} before Kafka may call back. */
    private RecordWriter writer;

    private PutOutcomes results;
    private long deadline;
    private Item previous;

    Item(
        StreamState stream,
        int index,
        byte[] key,
        byte[] data,
        byte[] explicitHashKey,
        long hashKeyHigh,
        long hashKeyLow,
        long size) {
      super(stream.name(), stream.incarnation(), hashKeyHigh, hashKeyLow);
      this.index = index;
      this.key = key;
      this.data = data;
      this.explicitHashKey = explicitHashKey;
      this.size = size;
    }

    /** Completes once this record has its outcome. */
    synchronized CompletableFuture<Void> settled() {
      awaited = true;
      if (settled == null) {
        settled = hasOutcome ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
      }
      return settled;
    }

    void settle() {
      if (!awaited) {
        hasOutcome = true; // the fast path: nobody waits on this record
        if (!awaited) {
          return;
        }
      }
      CompletableFuture<Void> waiting;
      synchronized (this) {
        hasOutcome = true;
        waiting = settled;
      }
      if (waiting != null) {
        waiting.complete(null);
      }
    }

    /** On Kafka's I/O thread: fills the record's slot when the acknowledgement confirms it. */
    @Override
    public void appended(long offset, long timestampMillis) {
      writer.acknowledged(this, offset, timestampMillis);
    }

    @Override
    public void failed(KinesisException error) {
      fail(this, results, error);
    }
  }

  RecordWriter(
      EngineConfig config,
      StreamLookup lookup,
      CatalogLog catalog,
      RecordLog recordLog,
      ShardThrottle throttle) {
    this.config = config;
    this.lookup = lookup;
    this.catalog = catalog;
    this.recordLog = recordLog;
    this.throttle = throttle;
    // The public view over the engine's own catalog: the engine routes as the libraries do.
    this.protocol = ReshardSafeWrites.of(StreamCatalog.over(config.catalogSettings(), catalog));
  }

  public CompletableFuture<PutRecordResult> putRecord(
      StreamRef ref, PutRecordsEntry entry, String sequenceNumberForOrdering) {
    StreamState stream = lookup.resolveFresh(ref);
    if (sequenceNumberForOrdering != null) {
      if (!ModelConstraints.SEQUENCE_NUMBER.matcher(sequenceNumberForOrdering).matches()) {
        throw ModelConstraints.invalid(
            "sequenceNumberForOrdering",
            sequenceNumberForOrdering,
            "must satisfy regular expression pattern: 0|([1-9]\\d{0,128})");
      }
    }
    Item item = validate(stream, entry, 0);
    checkWritable(stream);
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    PutOutcomes results = new PutOutcomes(1);
    place(List.of(item), results, deadline);
    results.expireAfter(deadline - System.nanoTime(), stream.name());
    return results
        .done()
        .thenApply(
            v -> {
              KinesisException e = results.error(0);
              if (e == null) {
                config.streamMetrics().recordsPut(stream.name(), "PutRecord", 1, item.size);
              } else if (e.code() == PROVISIONED_THROUGHPUT_EXCEEDED) {
                config.streamMetrics().writeThrottled(stream.name(), 1);
              }
              return results.result(0);
            });
  }

  public PendingPuts putRecords(StreamRef ref, List<PutRecordsEntry> entries) {
    StreamState stream = lookup.resolveFresh(ref);
    if (entries == null || entries.isEmpty()) {
      throw ModelConstraints.invalid(
          "records", entries, "must have length greater than or equal to 1");
    }
    if (entries.size() > MAX_RECORDS_PER_CALL) {
      throw ModelConstraints.invalid(
          "records",
          "[" + entries.size() + " records]",
          "must have length less than or equal to 500");
    }
    List<Item> items = new ArrayList<>(entries.size());
    long total = 0;
    for (int i = 0; i < entries.size(); i++) {
      Item item = validate(stream, entries.get(i), i);
      total += item.size;
      items.add(item);
    }
    if (total > MAX_BYTES_PER_CALL) {
      throw INVALID_ARGUMENT.exception(
          "Records size exceeds %d bytes for request to stream %s",
          MAX_BYTES_PER_CALL, stream.name());
    }
    checkWritable(stream);
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    PutOutcomes results = new PutOutcomes(items.size());
    place(items, results, deadline);
    results.expireAfter(deadline - System.nanoTime(), stream.name());
    return new PendingPuts(stream.name(), items, results);
  }

  /**
   * A PutRecords call on its way: {@link #done()} completes on Kafka's I/O thread once every record
   * has an outcome; {@link #result()} then builds the answer on the calling thread.
   */
  public final class PendingPuts {
    private final String stream;
    private final List<Item> items;
    private final PutOutcomes outcomes;

    private PendingPuts(String stream, List<Item> items, PutOutcomes outcomes) {
      this.stream = stream;
      this.items = items;
      this.outcomes = outcomes;
    }

    public CompletableFuture<Void> done() {
      return outcomes.done();
    }

    /** The answer; call after {@link #done()} completed. Reports the stream's metrics once. */
    public PutRecordsResult result() {
      PutRecordsResult result = outcomes.putRecordsResult();
      long bytes = 0;
      int throttled = 0;
      for (int i = 0; i < items.size(); i++) {
        KinesisException e = outcomes.error(i);
        if (e == null) {
          bytes += items.get(i).size;
        } else if (e.code() == PROVISIONED_THROUGHPUT_EXCEEDED) {
          throttled++;
        }
      }
      StreamMetrics metrics = config.streamMetrics();
      metrics.recordsPut(stream, "PutRecords", items.size() - result.failedRecordCount(), bytes);
      if (throttled > 0) {
        metrics.writeThrottled(stream, throttled);
      }
      return result;
    }
  }

  private Item validate(StreamState stream, PutRecordsEntry entry, int index) {
    if (entry == null) {
      throw ModelConstraints.invalid("records." + (index + 1), null, "must not be null");
    }
    String partitionKey = ModelConstraints.partitionKey(entry.partitionKey());
    if (entry.data() == null) {
      throw ModelConstraints.invalid("data", null, "must not be null");
    }
    if (entry.data().length > MAX_DATA_BYTES) {
      throw ModelConstraints.invalid(
          "data",
          "[" + entry.data().length + " bytes]",
          "must have length less than or equal to 10485760");
    }
    byte[] key = partitionKey.getBytes(StandardCharsets.UTF_8);
    long size = (long) key.length + entry.data().length;
    long max = stream.maxRecordSizeKiB() * 1024L;
    if (size > max) {
      throw INVALID_ARGUMENT.exception(
          "Record size %d bytes (data plus partition key) exceeds the maximum record size of %d"
              + " KiB of stream %s.",
          size, stream.maxRecordSizeKiB(), stream.name());
    }
    byte[] explicit = null;
    long high;
    long low;
    if (entry.explicitHashKey() != null) {
      BigInteger hashKey = HashKeySpace.parseExplicitHashKey(entry.explicitHashKey());
      explicit = entry.explicitHashKey().getBytes(StandardCharsets.US_ASCII);
      high = HashKeys.high(hashKey);
      low = HashKeys.low(hashKey);
    } else {
      HashKeys.Hasher hasher = HashKeys.hasher(); // MD5 without a digest array or BigInteger
      hasher.hash(key);
      high = hasher.high();
      low = hasher.low();
    }
    return new Item(stream, index, key, entry.data(), explicit, high, low, size);
  }

  private void checkWritable(StreamState stream) {
    if (!stream.acceptsWrites()) {
      throw RESOURCE_NOT_FOUND.exception(lookup.notFound(stream.name()));
    }
  }

  /**
   * Routes, holds, appends and confirms a group of records as {@link ReshardSafeWrites} decides,
   * completing {@code results} for each. Records held together (for a fresh view, or a frozen
   * shard's close) stay together and keep their request order when they are placed again.
   *
   * <p>Records of the group sent to the same shard keep their request order through the slow path
   * too: one whose acknowledgement must be checked against the catalog waits until the record sent
   * before it to that shard has its outcome, and held records wait for every record sent before
   * them, as do records routed on a newer view than the one a record before them was held on.
   * Otherwise two records that landed past a closed parent's end could be placed again in the child
   * in the order their checks happened to finish, and a partition key's records would be read out
   * of the order PutRecords acknowledged them in (DESIGN.md section 3, point 2).
   */
  private void place(List<Item> items, PutOutcomes results, long deadline) {
    if (System.nanoTime() - deadline > 0) {
      failAll(
          items,
          results,
          INTERNAL_FAILURE.exception("timed out placing records in " + items.get(0).stream()));
      return;
    }
    List<Item> held = null;
    CompletableFuture<Void> until = null;
    StreamView heldView = null;
    Map<Integer, Item> lastSent = items.size() == 1 ? null : new HashMap<>();
    for (Item item : items) {
      switch (protocol.route(item)) {
        case SEND -> {
          if (held != null && item.view() != heldView) {
            held.add(item); // the view changed since a record before it was held: keep the order
          } else {
            Item previous = lastSent == null ? null : lastSent.put(item.shard().index(), item);
            send(item, results, deadline, previous);
          }
        }
        case HOLD -> {
          if (held == null) {
            held = new ArrayList<>();
            heldView = item.view();
            until = item.heldUntil();
            if (lastSent != null && !lastSent.isEmpty()) {
              until = afterOutcomes(until, lastSent.values());
            }
          }
          held.add(item);
        }
        default ->
            fail(item, results, RESOURCE_NOT_FOUND.exception(lookup.notFound(item.stream())));
      }
    }
    if (held != null) {
      List<Item> again = held;
      waitOrTimeout(until, deadline)
          .whenComplete(
              (v, e) -> {
                if (isFailure(e)) {
                  failAll(again, results, unwrap(e));
                } else {
                  place(again, results, deadline);
                }
              });
    }
  }

  /** {@code held}, and then the outcomes of the records sent before it. */
  private static CompletableFuture<Void> afterOutcomes(
      CompletableFuture<Void> held, Collection<Item> sentBefore) {
    CompletableFuture<?>[] outcomes = new CompletableFuture<?>[sentBefore.size() + 1];
    int i = 0;
    for (Item sent : sentBefore) {
      outcomes[i++] = sent.settled();
    }
    outcomes[i] = held;
    return CompletableFuture.allOf(outcomes);
  }

  /**
   * Appends a routed record, unless its shard's rate limit is used up. A slow acknowledgement is
   * checked once {@code previous} (sent before it to the same shard, or null) has its outcome.
   */
  private void send(Item item, PutOutcomes results, long deadline, Item previous) {
    ShardView shard = item.shard();
    if (!throttle.tryWrite(item.stream(), item.view().incarnation(), shard.index(), item.size)) {
      fail(
          item,
          results,
          PROVISIONED_THROUGHPUT_EXCEEDED.exception(
              "Rate exceeded for shard %s in stream %s under account %s.",
              shard.shardId(), item.stream(), config.accountId()));
      return;
    }
    item.writer = this;
    item.results = results;
    item.deadline = deadline;
    item.previous = previous;
    recordLog.append(
        item.view().topic(), shard.index(), item.key, item.data, item.explicitHashKey, item);
  }

  private void acknowledged(Item item, long offset, long timestampMillis) {
    if (protocol.acked(item, offset, timestampMillis) == Decision.CONFIRMED) {
      succeed(item, item.results);
    } else if (item.previous == null) {
      awaitCheck(item, item.results, item.deadline);
    } else {
      PutOutcomes results = item.results;
      long deadline = item.deadline;
      item.previous.settled().whenComplete((v, e) -> awaitCheck(item, results, deadline));
    }
  }

  /**
   * The slow path: Kafka acknowledged later than the fast-ack bound, so the shard may have been
   * closed meanwhile. Waits for what the protocol holds the acknowledgement on, then checks it.
   */
  private void awaitCheck(Item item, PutOutcomes results, long deadline) {
    if (System.nanoTime() - deadline > 0) {
      fail(
          item,
          results,
          INTERNAL_FAILURE.exception("timed out confirming a record in stream " + item.stream()));
      return;
    }
    waitOrTimeout(item.heldUntil(), deadline)
        .whenComplete(
            (v, e) -> {
              if (isFailure(e)) {
                fail(item, results, unwrap(e));
                return;
              }
              switch (protocol.check(item)) {
                case CONFIRMED -> succeed(item, results);
                case HOLD -> awaitCheck(item, results, deadline);
                case PLACE_AGAIN -> place(List.of(item), results, deadline);
                default ->
                    fail(
                        item,
                        results,
                        RESOURCE_NOT_FOUND.exception(lookup.notFound(item.stream())));
              }
            });
  }

  private static void succeed(Item item, PutOutcomes results) {
    results.succeed(item.index, item.shard(), item.offset(), item.timestampMillis());
    item.settle();
  }

  private static void fail(Item item, PutOutcomes results, KinesisException error) {
    results.fail(item.index, error);
    item.settle();
  }

  /** The future, or a timeout at the deadline, whichever comes first. */
  private static CompletableFuture<Void> waitOrTimeout(
      CompletableFuture<Void> until, long deadline) {
    long remaining = Math.max(1, deadline - System.nanoTime());
    return until.orTimeout(remaining, TimeUnit.NANOSECONDS);
  }

  /** Whether a wait ended because the catalog failed (a timeout only means: ask again). */
  private static boolean isFailure(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause != null && !(cause instanceof TimeoutException);
  }

  private static void failAll(List<Item> items, PutOutcomes results, KinesisException error) {
    for (Item item : items) {
      fail(item, results, error);
    }
  }

  static KinesisException unwrap(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return cause instanceof KinesisException k
        ? k
        : INTERNAL_FAILURE.exception("put failed: " + cause);
  }
}
