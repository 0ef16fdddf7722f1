package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INTERNAL_FAILURE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_NOT_FOUND;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.StreamMetrics;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.kafka.RecordLog;
import io.kinesisonkafka.adapter.internals.kafka.RecordLog.Appended;
import io.kinesisonkafka.adapter.internals.mapping.HashKeySpace;
import io.kinesisonkafka.adapter.internals.mapping.ShardIds;
import io.kinesisonkafka.adapter.internals.state.RoutingTable;
import io.kinesisonkafka.adapter.internals.state.ShardPhase;
import io.kinesisonkafka.adapter.internals.state.ShardState;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.PutRecordsResult;
import io.kinesisonkafka.adapter.model.StreamRef;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PutRecord and PutRecords. Each record is routed with a catalog view known to be fresh, held while
 * its shard is frozen by a reshard, appended to the shard's partition, and acknowledged only once
 * it is known to lie before the shard's end: directly when Kafka acknowledged it within the
 * fast-ack bound (the freeze window then guarantees it), otherwise after checking the shard's end
 * offset in a fresh view and re-routing to the child when the record landed past it.
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
  private final ConcurrentHashMap<String, RoutingTable> routing = new ConcurrentHashMap<>();

  /** One record on its way: request position, validated inputs, deadline. */
  private record Item(
      int index, byte[] key, byte[] data, byte[] explicitHashKey, BigInteger hashKey, long size) {}

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
    place(stream.name(), stream.incarnation(), List.of(item), results, deadline);
    return results
        .done()
        .thenApply(
            v -> {
              KinesisException e = results.error(0);
              if (e == null) {
                config.streamMetrics().recordsPut(stream.name(), "PutRecord", 1, item.size());
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
      total += item.size();
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
    place(stream.name(), stream.incarnation(), items, results, deadline);
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
          bytes += items.get(i).size();
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
    BigInteger hashKey;
    byte[] explicit = null;
    if (entry.explicitHashKey() != null) {
      hashKey = HashKeySpace.parseExplicitHashKey(entry.explicitHashKey());
      explicit = entry.explicitHashKey().getBytes(StandardCharsets.US_ASCII);
    } else {
      hashKey = HashKeySpace.ofPartitionKey(key);
    }
    return new Item(index, key, entry.data(), explicit, hashKey, size);
  }

  private void checkWritable(StreamState stream) {
    if (!stream.acceptsWrites()) {
      throw RESOURCE_NOT_FOUND.exception(lookup.notFound(stream.name()));
    }
  }

  /**
   * Routes, holds while frozen, appends, verifies: the journey of a group of records, completing
   * {@code results} for each. Records held for a frozen shard stay together and keep their request
   * order when they are placed again.
   */
  private void place(
      String name, long incarnation, List<Item> items, PutOutcomes results, long deadline) {
    if (System.nanoTime() - deadline > 0) {
      failAll(items, results, INTERNAL_FAILURE.exception("timed out placing records in " + name));
      return;
    }
    // The fast-ack bound counts from here, where the view used for routing is known fresh, not from
    // each send: a send can block (KafkaProducer.send waits for metadata or buffer space) and delay
    // the sends after it, which were routed with this same view.
    long routedNanos = System.nanoTime();
    CompletableFuture<Void> fresh = lookup.whenFresh();
    if (!fresh.isDone() || fresh.isCompletedExceptionally()) {
      fresh.whenComplete(
          (v, e) -> {
            if (e != null) {
              failAll(items, results, unwrap(e));
            } else {
              place(name, incarnation, items, results, deadline);
            }
          });
      return;
    }
    StreamState stream = catalog.stream(name);
    if (stream == null || stream.incarnation() != incarnation || !stream.acceptsWrites()) {
      failAll(items, results, RESOURCE_NOT_FOUND.exception(lookup.notFound(name)));
      return;
    }
    RoutingTable table = table(stream);
    List<Item> held = new ArrayList<>();
    for (Item item : items) {
      ShardState shard = table.route(item.hashKey());
      if (shard.phase() == ShardPhase.FROZEN) {
        held.add(item);
      } else if (!throttle.tryWrite(name, incarnation, shard.index(), item.size())) {
        results.fail(
            item.index(),
            PROVISIONED_THROUGHPUT_EXCEEDED.exception(
                "Rate exceeded for shard %s in stream %s under account %s.",
                ShardIds.format(shard.index()), name, config.accountId()));
      } else {
        append(name, incarnation, item, shard, routedNanos, results, deadline);
      }
    }
    if (!held.isEmpty()) {
      untilChangeOr(deadline)
          .whenComplete((v, e) -> place(name, incarnation, held, results, deadline));
    }
  }

  private void append(
      String name,
      long incarnation,
      Item item,
      ShardState shard,
      long routedNanos,
      PutOutcomes results,
      long deadline) {
    long fastAckBound = config.fastAckBound().toNanos();
    recordLog.append(
        lookup.topic(name),
        shard.index(),
        item.key(),
        item.data(),
        item.explicitHashKey(),
        (appended, error) -> {
          if (error != null) {
            results.fail(item.index(), error);
          } else if (System.nanoTime() - routedNanos <= fastAckBound) {
            results.succeed(item.index(), shard, appended);
          } else {
            verify(name, incarnation, item, shard.index(), appended, results, deadline);
          }
        });
  }

  /**
   * The slow path: the acknowledgement took longer than the fast-ack bound, so the shard may have
   * been closed meanwhile. Decide with a view fresh as of now; re-place a record that landed past
   * its shard's end.
   */
  private void verify(
      String name,
      long incarnation,
      Item item,
      int shardIndex,
      Appended appended,
      PutOutcomes results,
      long deadline) {
    if (System.nanoTime() - deadline > 0) {
      results.fail(
          item.index(),
          INTERNAL_FAILURE.exception("timed out confirming a record in stream " + name));
      return;
    }
    catalog
        .whenFresh(System.nanoTime())
        .whenComplete(
            (v, e) -> {
              StreamState stream = e == null ? catalog.stream(name) : null;
              if (stream == null || stream.incarnation() != incarnation) {
                results.fail(
                    item.index(),
                    e != null ? unwrap(e) : RESOURCE_NOT_FOUND.exception(lookup.notFound(name)));
                return;
              }
              ShardState shard = stream.shard(shardIndex);
              switch (shard.phase()) {
                case OPEN, PENDING -> results.succeed(item.index(), shard, appended);
                case FROZEN ->
                    untilChangeOr(deadline)
                        .whenComplete(
                            (x, e2) ->
                                verify(
                                    name,
                                    incarnation,
                                    item,
                                    shardIndex,
                                    appended,
                                    results,
                                    deadline));
                case CLOSED -> {
                  if (appended.offset() < shard.endOffset()) {
                    results.succeed(item.index(), shard, appended);
                  } else {
                    place(name, incarnation, List.of(item), results, deadline);
                  }
                }
              }
            });
  }

  /** The next catalog change, or the deadline, whichever comes first. */
  private CompletableFuture<Void> untilChangeOr(long deadline) {
    long remaining = Math.max(1, deadline - System.nanoTime());
    return catalog
        .nextChange()
        .copy()
        .orTimeout(remaining, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private static void failAll(List<Item> items, PutOutcomes results, KinesisException error) {
    for (Item item : items) {
      results.fail(item.index(), error);
    }
  }

  private RoutingTable table(StreamState stream) {
    RoutingTable table = routing.get(stream.name());
    if (table == null
        || table.version != stream.version()
        || table.incarnation != stream.incarnation()) {
      table = new RoutingTable(stream);
      routing.put(stream.name(), table);
    }
    return table;
  }

  static KinesisException unwrap(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return cause instanceof KinesisException k
        ? k
        : INTERNAL_FAILURE.exception("put failed: " + cause);
  }
}
