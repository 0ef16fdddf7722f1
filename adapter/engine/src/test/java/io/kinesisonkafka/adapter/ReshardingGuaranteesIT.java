package io.kinesisonkafka.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.mapping.SequenceNumbers;
import io.kinesisonkafka.adapter.model.ChildShard;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import io.kinesisonkafka.adapter.model.ListShardsRequest;
import io.kinesisonkafka.adapter.model.ListShardsResult;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.PutRecordsResult;
import io.kinesisonkafka.adapter.model.PutRecordsResultEntry;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.ShardFilter;
import io.kinesisonkafka.adapter.model.ShardFilterType;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import io.kinesisonkafka.embedded.SharedKafka;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The resharding guarantees of DESIGN.md section 3, end to end on a real broker: two engines, each
 * with its own Kafka clients and its own view of the catalog, take writes from several writer
 * threads while a resharder splits and merges the stream through both of them. A reader then
 * follows the lineage (parents read to their end before their children) and checks that every
 * acknowledged record is there, once, in each key's acknowledged order, and that the shard metadata
 * (ChildShards, EndingSequenceNumber) agrees with what was read.
 *
 * <p>Writers own disjoint sets of partition keys and put record n+1 of a key only after record n of
 * that key was acknowledged, so "acknowledged order per key" is well defined. Every attempt uses a
 * new counter, so a failed put that was nevertheless stored can never collide with a later one and
 * any (key, counter) read twice is a duplicate made by the engine.
 *
 * <p>On a local broker the hazard of section 3 (a writer that routes with a view that does not yet
 * show the reshard, then appends late) would hardly ever happen by itself, so the engines' Kafka
 * clients carry a {@link DelayingInterceptor}: around each split or merge it holds back some sends
 * for less than the fast-ack bound (the freeze window must cover them) or more (the slow-ack check
 * must re-route them), and it makes catalog records reach the engines late. Without it, disabling
 * the freeze wait or the slow-ack check went unnoticed; with it, those and disabling the hold of
 * frozen shards each lose acknowledged records here. The second test is the failure it found in the
 * engine, made deterministic.
 */
class ReshardingGuaranteesIT {
  private static final int KEYS = 40;
  private static final int WRITERS_PER_ENGINE = 2;
  private static final int RESHARDS = 24;
  private static final int MIN_OPEN = 2;
  private static final int MAX_OPEN = 6;
  private static final Duration CATALOG_FRESHNESS = Duration.ofMillis(300);
  private static final Duration FAST_ACK_BOUND = Duration.ofMillis(700);
  private static final Duration FREEZE_MARGIN = Duration.ofMillis(200);
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
  private static final String WRITER_THREAD = "guarantees-writer-";

  /** An acknowledged put: the counter the writer gave the record and where the engine put it. */
  private record Ack(int counter, String shardId, String sequenceNumber) {}

  /** Where a record was read: its shard and sequence number. */
  private record Position(String shardId, String sequenceNumber) {}

  /** Everything read from one shard, TRIM_HORIZON to its end. */
  private record ShardRead(
      Shard shard, List<Record> records, List<ChildShard> childShards, boolean reachedEnd) {}

  private final List<KinesisEngine> engines = new ArrayList<>();
  private ExecutorService pool;

  @AfterEach
  void tearDown() {
    DelayingInterceptor.disarm();
    if (pool != null) {
      pool.shutdownNow();
    }
    engines.forEach(KinesisEngine::close);
  }

  @Test
  void everyAcknowledgedRecordIsReadOnceAndInKeyOrderAlongTheLineageWhileTwoEnginesSplitAndMerge()
      throws Exception {
    long startNanos = System.nanoTime();
    String run = startEngines(2);
    DelayingInterceptor.delayRandomly(TestEngines.catalogTopic(run), TestEngines.topicPrefix(run));
    StreamRef stream = StreamRef.named("orders");
    engines.get(0).createStream(CreateStreamRequest.provisioned(stream.streamName(), 2));
    awaitActiveEverywhere(stream);

    List<String> keys = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      keys.add("key-" + i);
    }
    Map<String, List<Ack>> acks = new HashMap<>();
    keys.forEach(k -> acks.put(k, new ArrayList<>()));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong attempted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Map<String, AtomicLong> failuresByCode = new ConcurrentHashMap<>();
    int writers = WRITERS_PER_ENGINE * engines.size();
    AtomicInteger threads = new AtomicInteger();
    pool =
        Executors.newFixedThreadPool(
            writers + 1, r -> new Thread(r, WRITER_THREAD + threads.incrementAndGet()));

    List<Future<?>> writing = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      KinesisEngine engine = engines.get(w % engines.size());
      List<String> owned = new ArrayList<>();
      for (int k = w; k < KEYS; k += writers) {
        owned.add(keys.get(k));
      }
      boolean batched = w / engines.size() % 2 == 0;
      writing.add(
          pool.submit(
              () ->
                  write(
                      engine,
                      stream,
                      owned,
                      batched,
                      acks,
                      stop,
                      attempted,
                      failed,
                      failuresByCode)));
    }

    Future<int[]> resharding = pool.submit(() -> reshard(stream, new Random(run.hashCode())));
    int[] ops = resharding.get(5, TimeUnit.MINUTES);
    Thread.sleep(500); // some writes into the final layout too
    stop.set(true);
    for (Future<?> f : writing) {
      f.get(2, TimeUnit.MINUTES);
    }
    long writtenNanos = System.nanoTime();

    List<Shard> shards = listAllShards(engines.get(1), stream);
    List<ShardRead> reads = readAlongLineage(stream, shards);
    long endNanos = System.nanoTime();

    long acked = acks.values().stream().mapToLong(List::size).sum();
    long read = reads.stream().mapToLong(r -> r.records().size()).sum();
    System.out.printf(
        "ReshardingGuaranteesIT: %d splits, %d merges, %d shards; %d records attempted, %d"
            + " acknowledged, %d failed %s, %d read; %d sends delayed (%d past the fast-ack bound),"
            + " %d catalog polls delayed; writing took %d ms, reading %d ms, total %d ms%n",
        ops[0],
        ops[1],
        shards.size(),
        attempted.get(),
        acked,
        failed.get(),
        failuresByCode,
        read,
        DelayingInterceptor.delayedSends.get(),
        DelayingInterceptor.slowSends.get(),
        DelayingInterceptor.delayedPolls.get(),
        TimeUnit.NANOSECONDS.toMillis(writtenNanos - startNanos),
        TimeUnit.NANOSECONDS.toMillis(endNanos - writtenNanos),
        TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos));

    assertThat(ops[0] + ops[1]).isGreaterThanOrEqualTo(20);
    assertThat(acked).as("acknowledged records").isPositive();
    checkGuarantees(shards, reads, acks, 2, ops);
  }

  /**
   * The scenario behind the first test's failures, made deterministic: one PutRecords call routes
   * both its records to the open shard, then the send of the first blocks inside the producer (as
   * {@code KafkaProducer.send} does while it waits for metadata or buffer space) until the shard
   * has been split and closed. The second record is then appended to the closed parent, past its
   * end, and must not be acknowledged there.
   */
  @Test
  void aRecordWhoseSendWasHeldUpBehindAnotherAcrossASplitIsStillReadableWhereItWasAcknowledged()
      throws Exception {
    startEngines(1);
    KinesisEngine engine = engines.get(0);
    StreamRef stream = StreamRef.named("held-up");
    engine.createStream(CreateStreamRequest.provisioned(stream.streamName(), 1));
    awaitActiveEverywhere(stream);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    DelayingInterceptor.holdFirstSendOf("first:0", entered, release);
    pool = Executors.newSingleThreadExecutor();

    Future<PutRecordsResult> put =
        pool.submit(
            () ->
                engine.putRecords(
                    stream,
                    List.of(
                        PutRecordsEntry.of("first", "first:0".getBytes(StandardCharsets.UTF_8)),
                        PutRecordsEntry.of(
                            "second", "second:0".getBytes(StandardCharsets.UTF_8)))));
    assertThat(entered.await(30, TimeUnit.SECONDS)).as("first send held up").isTrue();
    Shard parent = listAllShards(engine, stream).get(0);
    HashKeyRange range = parent.hashKeyRange();
    engine.splitShard(
        stream,
        parent.shardId(),
        range.startingHashKey().add(range.endingHashKey()).shiftRight(1).toString());
    awaitActiveEverywhere(stream);
    release.countDown();
    PutRecordsResult result = put.get(60, TimeUnit.SECONDS);

    assertThat(result.failedRecordCount()).isZero();
    Map<String, List<Ack>> acks = new HashMap<>();
    acks.put(
        "first",
        List.of(
            new Ack(
                0, result.records().get(0).shardId(), result.records().get(0).sequenceNumber())));
    acks.put(
        "second",
        List.of(
            new Ack(
                0, result.records().get(1).shardId(), result.records().get(1).sequenceNumber())));
    List<Shard> shards = listAllShards(engine, stream);
    checkGuarantees(shards, readAlongLineage(stream, shards), acks, 1, new int[] {1, 0});
  }

  /** Starts {@code count} engines on one catalog and topic prefix of their own; returns the run. */
  private String startEngines(int count) {
    String run = TestEngines.namespace("guarantees");
    EngineConfig config =
        TestEngines.inNamespace(SharedKafka.bootstrapServers(), run)
            .catalogFreshness(CATALOG_FRESHNESS)
            .fastAckBound(FAST_ACK_BOUND)
            .freezeMargin(FREEZE_MARGIN)
            .kafkaProperty("interceptor.classes", DelayingInterceptor.class.getName())
            .build();
    for (int i = 0; i < count; i++) {
      engines.add(KinesisEngine.start(config));
    }
    return run;
  }

  // Writing

  private void write(
      KinesisEngine engine,
      StreamRef stream,
      List<String> owned,
      boolean batched,
      Map<String, List<Ack>> acks,
      AtomicBoolean stop,
      AtomicLong attempted,
      AtomicLong failed,
      Map<String, AtomicLong> failuresByCode) {
    Map<String, Integer> next = new HashMap<>();
    owned.forEach(k -> next.put(k, 0));
    while (!stop.get()) {
      List<PutRecordsEntry> entries = new ArrayList<>();
      for (String key : owned) {
        int counter = next.merge(key, 1, Integer::sum) - 1;
        entries.add(
            PutRecordsEntry.of(key, (key + ":" + counter).getBytes(StandardCharsets.UTF_8)));
      }
      attempted.addAndGet(entries.size());
      List<Object> outcomes =
          batched ? putBatch(engine, stream, entries) : putEach(engine, stream, entries);
      for (int i = 0; i < entries.size(); i++) {
        String key = owned.get(i);
        int counter = next.get(key) - 1;
        if (outcomes.get(i) instanceof PutRecordResult r) {
          acks.get(key).add(new Ack(counter, r.shardId(), r.sequenceNumber()));
        } else {
          failed.incrementAndGet();
          failuresByCode
              .computeIfAbsent(String.valueOf(outcomes.get(i)), c -> new AtomicLong())
              .incrementAndGet();
        }
      }
    }
  }

  /** One PutRecords call: per entry a PutRecordResult, or the error code. */
  private static List<Object> putBatch(
      KinesisEngine engine, StreamRef stream, List<PutRecordsEntry> entries) {
    List<Object> out = new ArrayList<>();
    try {
      PutRecordsResult result = engine.putRecords(stream, entries);
      for (PutRecordsResultEntry e : result.records()) {
        out.add(e.failed() ? e.errorCode() : new PutRecordResult(e.shardId(), e.sequenceNumber()));
      }
    } catch (KinesisException e) {
      entries.forEach(x -> out.add(e.code().wireName()));
    }
    return out;
  }

  /** One concurrent PutRecord per entry (each key has one record in flight): results or codes. */
  private static List<Object> putEach(
      KinesisEngine engine, StreamRef stream, List<PutRecordsEntry> entries) {
    List<CompletableFuture<PutRecordResult>> futures = new ArrayList<>();
    for (PutRecordsEntry entry : entries) {
      try {
        futures.add(engine.putRecordAsync(stream, entry, null));
      } catch (KinesisException e) {
        futures.add(CompletableFuture.failedFuture(e));
      }
    }
    List<Object> out = new ArrayList<>();
    for (CompletableFuture<PutRecordResult> f : futures) {
      try {
        out.add(f.join());
      } catch (CompletionException e) {
        out.add(
            e.getCause() instanceof KinesisException k
                ? k.code().wireName()
                : String.valueOf(e.getCause()));
      }
    }
    return out;
  }

  // Resharding

  /** Splits and merges, alternating between the engines; returns {splits, merges}. */
  private int[] reshard(StreamRef stream, Random random) throws InterruptedException {
    int splits = 0;
    int merges = 0;
    for (int op = 0; op < RESHARDS; op++) {
      KinesisEngine engine = engines.get(op % engines.size());
      boolean done = false;
      for (int attempt = 0; !done; attempt++) {
        List<Shard> open =
            listAllShards(engine, stream).stream()
                .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                .sorted(Comparator.comparing(s -> s.hashKeyRange().startingHashKey()))
                .toList();
        boolean split = open.size() <= MIN_OPEN || (open.size() < MAX_OPEN && random.nextBoolean());
        DelayingInterceptor.hazard(Duration.ofMillis(600));
        try {
          if (split) {
            Shard shard = open.get(random.nextInt(open.size()));
            HashKeyRange range = shard.hashKeyRange();
            BigInteger middle =
                range
                    .startingHashKey()
                    .add(range.endingHashKey())
                    .add(BigInteger.ONE)
                    .shiftRight(1);
            engine.splitShard(stream, shard.shardId(), middle.toString());
            splits++;
          } else {
            int i = random.nextInt(open.size() - 1);
            Shard a = open.get(i);
            Shard b = open.get(i + 1);
            boolean swap = random.nextBoolean();
            engine.mergeShards(stream, (swap ? b : a).shardId(), (swap ? a : b).shardId());
            merges++;
          }
          done = true;
        } catch (KinesisException e) {
          // The stream can still look UPDATING to an engine whose view lags by up to the
          // freshness bound; anything else is a failure.
          if (e.code() != KinesisErrorCode.RESOURCE_IN_USE || attempt >= 20) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
      awaitActiveEverywhere(stream);
      Thread.sleep(random.nextInt(300));
    }
    return new int[] {splits, merges};
  }

  private void awaitActiveEverywhere(StreamRef stream) {
    for (KinesisEngine engine : engines) {
      Awaitility.await()
          .atMost(STEP_TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> engine.describeStreamSummary(stream).streamStatus() == StreamStatus.ACTIVE);
    }
  }

  // Reading

  /** ListShards FROM_TRIM_HORIZON, small pages, following NextToken. */
  private static List<Shard> listAllShards(KinesisEngine engine, StreamRef stream) {
    List<Shard> shards = new ArrayList<>();
    ListShardsResult page =
        engine.listShards(
            ListShardsRequest.of(stream)
                .withMaxResults(5)
                .withFilter(ShardFilter.of(ShardFilterType.FROM_TRIM_HORIZON)));
    shards.addAll(page.shards());
    while (page.nextToken() != null) {
      page = engine.listShards(ListShardsRequest.next(page.nextToken()));
      shards.addAll(page.shards());
    }
    return shards;
  }

  /**
   * Reads every shard from TRIM_HORIZON to its end, a child only after all its parents; the
   * iterator comes from one engine and GetRecords goes to the other, since any instance must serve
   * any iterator.
   */
  private List<ShardRead> readAlongLineage(StreamRef stream, List<Shard> shards) {
    Map<String, Shard> pending = new LinkedHashMap<>();
    shards.forEach(s -> pending.put(s.shardId(), s));
    Set<String> listed = new HashSet<>(pending.keySet());
    Set<String> finished = new HashSet<>();
    List<ShardRead> reads = new ArrayList<>();
    int turn = 0;
    while (!pending.isEmpty()) {
      Shard ready =
          pending.values().stream()
              .filter(
                  s ->
                      parentsOf(s).stream()
                          .allMatch(p -> !listed.contains(p) || finished.contains(p)))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no readable shard among " + pending.keySet()));
      KinesisEngine issuer = engines.get(turn % engines.size());
      KinesisEngine server = engines.get((turn + 1) % engines.size());
      turn++;
      reads.add(readShard(issuer, server, stream, ready));
      pending.remove(ready.shardId());
      finished.add(ready.shardId());
    }
    return reads;
  }

  private static ShardRead readShard(
      KinesisEngine issuer, KinesisEngine server, StreamRef stream, Shard shard) {
    boolean closed = shard.sequenceNumberRange().endingSequenceNumber() != null;
    String iterator =
        issuer.getShardIterator(GetShardIteratorRequest.trimHorizon(stream, shard.shardId()));
    List<Record> records = new ArrayList<>();
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    int emptyInARow = 0;
    while (System.nanoTime() - deadline < 0) {
      GetRecordsResult result = server.getRecords(iterator, 10_000);
      records.addAll(result.records());
      if (result.nextShardIterator() == null) {
        return new ShardRead(shard, records, result.childShards(), true);
      }
      assertThat(result.childShards())
          .as("ChildShards of %s before its end", shard.shardId())
          .isEmpty();
      if (result.records().isEmpty() && result.millisBehindLatest() == 0) {
        emptyInARow++;
      } else {
        emptyInARow = 0;
      }
      if (!closed && emptyInARow >= 2) {
        return new ShardRead(shard, records, List.of(), false);
      }
      iterator = result.nextShardIterator();
    }
    throw new AssertionError(
        "shard " + shard.shardId() + " not read to its end within " + STEP_TIMEOUT);
  }

  private static List<String> parentsOf(Shard s) {
    List<String> parents = new ArrayList<>();
    if (s.parentShardId() != null) {
      parents.add(s.parentShardId());
    }
    if (s.adjacentParentShardId() != null) {
      parents.add(s.adjacentParentShardId());
    }
    return parents;
  }

  // Checking

  private static void checkGuarantees(
      List<Shard> shards,
      List<ShardRead> reads,
      Map<String, List<Ack>> acks,
      int initialShards,
      int[] ops) {
    SoftAssertions softly = new SoftAssertions();

    // Lineage shape: every split closes one shard and opens two, every merge closes two, opens one.
    long closedShards =
        shards.stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() != null).count();
    softly.assertThat(shards).as("shards listed").hasSize(initialShards + 2 * ops[0] + ops[1]);
    softly.assertThat(closedShards).as("closed shards").isEqualTo(ops[0] + 2L * ops[1]);

    Map<String, Map<Integer, List<Position>>> readByKey = new HashMap<>();
    Map<String, List<Integer>> readOrder = new HashMap<>();
    for (ShardRead read : reads) {
      Shard shard = read.shard();
      String id = shard.shardId();
      boolean closed = shard.sequenceNumberRange().endingSequenceNumber() != null;

      // (4) ChildShards at a closed shard's end match the lineage; open shards have no end.
      softly.assertThat(read.reachedEnd()).as("%s reached an end", id).isEqualTo(closed);
      if (closed) {
        Map<String, ChildShard> reported = new HashMap<>();
        read.childShards().forEach(c -> reported.put(c.shardId(), c));
        List<Shard> expected = shards.stream().filter(s -> parentsOf(s).contains(id)).toList();
        softly
            .assertThat(reported.keySet())
            .as("ChildShards of %s", id)
            .containsExactlyInAnyOrderElementsOf(expected.stream().map(Shard::shardId).toList());
        for (Shard child : expected) {
          ChildShard c = reported.get(child.shardId());
          if (c != null) {
            softly
                .assertThat(c.parentShards())
                .as("parents of %s reported at the end of %s", child.shardId(), id)
                .containsExactlyInAnyOrderElementsOf(parentsOf(child));
            softly
                .assertThat(c.hashKeyRange())
                .as("hash key range of %s reported at the end of %s", child.shardId(), id)
                .isEqualTo(child.hashKeyRange());
          }
        }
      }

      // (5) Sequence numbers increase within the shard and stay at or below its ending one.
      BigInteger previous = null;
      BigInteger ending =
          closed ? new BigInteger(shard.sequenceNumberRange().endingSequenceNumber()) : null;
      for (Record r : read.records()) {
        BigInteger seq = new BigInteger(r.sequenceNumber());
        if (previous != null && seq.compareTo(previous) <= 0) {
          softly.fail("%s: sequence number %s follows %s", id, seq, previous);
        }
        if (ending != null && seq.compareTo(ending) > 0) {
          softly.fail("%s: sequence number %s above EndingSequenceNumber %s", id, seq, ending);
        }
        previous = seq;

        String data = new String(r.data(), StandardCharsets.UTF_8);
        int colon = data.lastIndexOf(':');
        String key = data.substring(0, colon);
        int counter = Integer.parseInt(data.substring(colon + 1));
        softly.assertThat(r.partitionKey()).as("partition key of %s", data).isEqualTo(key);
        readByKey
            .computeIfAbsent(key, k -> new HashMap<>())
            .computeIfAbsent(counter, c -> new ArrayList<>())
            .add(new Position(id, r.sequenceNumber()));
        readOrder.computeIfAbsent(key, k -> new ArrayList<>()).add(counter);
      }
    }

    // (2) Exactly once: no (key, counter) read twice, acknowledged or not.
    List<String> duplicates = new ArrayList<>();
    readByKey.forEach(
        (key, byCounter) ->
            byCounter.forEach(
                (counter, positions) -> {
                  if (positions.size() > 1) {
                    duplicates.add(key + ":" + counter + " at " + positions);
                  }
                }));
    softly.assertThat(duplicates).as("records read more than once").isEmpty();

    // (1) Every acknowledged record is read, where its acknowledgement said it was.
    List<String> missing = new ArrayList<>();
    List<String> misplaced = new ArrayList<>();
    for (Map.Entry<String, List<Ack>> e : acks.entrySet()) {
      Map<Integer, List<Position>> byCounter = readByKey.getOrDefault(e.getKey(), Map.of());
      for (Ack ack : e.getValue()) {
        List<Position> positions = byCounter.get(ack.counter());
        if (positions == null) {
          missing.add(describeMissing(e.getKey(), ack, shards));
        } else if (!positions.contains(new Position(ack.shardId(), ack.sequenceNumber()))) {
          misplaced.add(
              e.getKey() + ":" + ack.counter() + " acked at " + ack + " but read at " + positions);
        }
      }
    }
    softly
        .assertThat(limit(missing))
        .as("acknowledged records never read (%d)", missing.size())
        .isEmpty();
    softly
        .assertThat(limit(misplaced))
        .as("acknowledged records read elsewhere than acknowledged (%d)", misplaced.size())
        .isEmpty();

    // (3) Each key's acknowledged records come in acknowledged (= counter) order along the lineage.
    List<String> disordered = new ArrayList<>();
    for (Map.Entry<String, List<Ack>> e : acks.entrySet()) {
      Set<Integer> acked = new TreeSet<>();
      e.getValue().forEach(a -> acked.add(a.counter()));
      int last = -1;
      for (int counter : readOrder.getOrDefault(e.getKey(), List.of())) {
        if (!acked.contains(counter)) {
          continue;
        }
        if (counter <= last) {
          disordered.add(e.getKey() + ": " + counter + " read after " + last);
        }
        last = Math.max(last, counter);
      }
    }
    softly
        .assertThat(limit(disordered))
        .as("records out of key order (%d)", disordered.size())
        .isEmpty();
    softly.assertAll();
  }

  /** A missing record with what tells a lost write from a missed read: where it was acked. */
  private static String describeMissing(String key, Ack ack, List<Shard> shards) {
    Shard shard =
        shards.stream().filter(s -> s.shardId().equals(ack.shardId())).findFirst().orElse(null);
    String ending = shard == null ? null : shard.sequenceNumberRange().endingSequenceNumber();
    return "%s:%d acked at %s index %d, shard ends at index %s"
        .formatted(
            key,
            ack.counter(),
            ack.shardId(),
            SequenceNumbers.decode(ack.sequenceNumber()).offset(),
            ending == null ? "(open)" : SequenceNumbers.decode(ending).offset());
  }

  private static List<String> limit(List<String> problems) {
    return problems.size() <= 20 ? problems : problems.subList(0, 20);
  }

  /**
   * Fault injection through the engine's own Kafka clients ({@code interceptor.classes} reaches
   * every client the engine makes). Producer side: some sends from the test's writer threads are
   * held back before they reach the producer, as a slow network or a paused client would do: a
   * writer routes with its catalog view, then appends late. Half of those delays stay under the
   * fast-ack bound (the freeze window must cover them), half exceed it (the acknowledgement must be
   * re-verified and the record re-routed when it landed past its shard's end). Consumer side:
   * catalog records reach the engine late, so catalog views lag behind the log.
   */
  public static final class DelayingInterceptor
      implements ProducerInterceptor<byte[], byte[]>, ConsumerInterceptor<byte[], byte[]> {
    static final AtomicLong delayedSends = new AtomicLong();
    static final AtomicLong slowSends = new AtomicLong();
    static final AtomicLong delayedPolls = new AtomicLong();
    private static volatile String catalogTopic;
    private static volatile String streamTopicPrefix;
    private static volatile long hazardUntilNanos = System.nanoTime();

    private static volatile Gate gate;

    /** Holds the first send of one record value until released. */
    private record Gate(
        byte[] value, CountDownLatch entered, CountDownLatch release, AtomicBoolean used) {}

    static void delayRandomly(String catalog, String streamPrefix) {
      catalogTopic = catalog;
      streamTopicPrefix = streamPrefix;
    }

    static void holdFirstSendOf(String value, CountDownLatch entered, CountDownLatch release) {
      gate =
          new Gate(value.getBytes(StandardCharsets.UTF_8), entered, release, new AtomicBoolean());
    }

    static void disarm() {
      catalogTopic = null;
      streamTopicPrefix = null;
      Gate g = gate;
      gate = null;
      if (g != null) {
        g.release().countDown();
      }
    }

    /** Delay many more sends for a while: the resharder calls this as it splits or merges. */
    static void hazard(Duration window) {
      hazardUntilNanos = System.nanoTime() + window.toNanos();
    }

    @Override
    public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
      Gate g = gate;
      if (g != null
          && Arrays.equals(record.value(), g.value())
          && g.used().compareAndSet(false, true)) {
        g.entered().countDown();
        try {
          g.release().await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String prefix = streamTopicPrefix;
      ThreadLocalRandom random = ThreadLocalRandom.current();
      boolean hazard = System.nanoTime() - hazardUntilNanos < 0;
      if (prefix != null
          && record.topic().startsWith(prefix)
          && Thread.currentThread().getName().startsWith(WRITER_THREAD)
          && random.nextInt(hazard ? 5 : 500) == 0) {
        boolean slow = random.nextBoolean();
        long fastAck = FAST_ACK_BOUND.toMillis();
        long freeze = CATALOG_FRESHNESS.plus(FAST_ACK_BOUND).plus(FREEZE_MARGIN).toMillis();
        long delay =
            slow ? random.nextLong(fastAck + 50, freeze + 800) : random.nextLong(50, fastAck - 50);
        delayedSends.incrementAndGet();
        if (slow) {
          slowSends.incrementAndGet();
        }
        sleep(delay);
      }
      return record;
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
      String catalog = catalogTopic;
      if (catalog != null
          && !records.isEmpty()
          && records.partitions().stream().anyMatch(tp -> tp.topic().equals(catalog))
          && ThreadLocalRandom.current().nextBoolean()) {
        delayedPolls.incrementAndGet();
        sleep(ThreadLocalRandom.current().nextLong(CATALOG_FRESHNESS.toMillis() / 2));
      }
      return records;
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
  }
}
