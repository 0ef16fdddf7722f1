package io.kinesisonkafka.adapter;

import static io.kinesisonkafka.adapter.testkit.TestEngines.awaitActive;
import static io.kinesisonkafka.adapter.testkit.TestEngines.createActive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.mapping.HashKeySpace;
import io.kinesisonkafka.adapter.model.ChildShard;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.HashKeyRange;
import io.kinesisonkafka.adapter.model.ListShardsRequest;
import io.kinesisonkafka.adapter.model.ListShardsResult;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.ShardFilter;
import io.kinesisonkafka.adapter.model.ShardFilterType;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReshardingIT {
  static KinesisEngine engine;

  @BeforeAll
  static void start() {
    engine = KinesisEngine.start(TestEngines.isolated().build());
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static Consumer<Throwable> code(KinesisErrorCode expected) {
    return e -> assertThat(((KinesisException) e).code()).isEqualTo(expected);
  }

  private static List<Shard> shards(StreamRef ref, ShardFilter filter) {
    return engine.listShards(ListShardsRequest.of(ref).withFilter(filter)).shards();
  }

  private static BigInteger mid(HashKeyRange r) {
    return r.startingHashKey().add(r.endingHashKey()).shiftRight(1);
  }

  @Test
  void splitClosesTheParentAndReportsLineageAndChildShardsAtItsEnd() {
    StreamRef ref = createActive(engine, "split", 1);
    PutRecordResult before = engine.putRecord(ref, PutRecordsEntry.of("a", new byte[1]), null);
    Shard parent = shards(ref, null).get(0);
    engine.splitShard(ref, parent.shardId(), mid(parent.hashKeyRange()).toString());
    assertThat(engine.describeStreamSummary(ref).streamStatus()).isEqualTo(StreamStatus.UPDATING);
    PutRecordResult during = engine.putRecord(ref, PutRecordsEntry.of("a", new byte[1]), null);
    awaitActive(engine, "split");

    List<Shard> all = shards(ref, null);
    assertThat(all).hasSize(3);
    Shard closed = all.get(0);
    assertThat(closed.sequenceNumberRange().endingSequenceNumber()).isNotNull();
    assertThat(all.subList(1, 3))
        .allSatisfy(c -> assertThat(c.parentShardId()).isEqualTo(parent.shardId()));
    assertThat(all.get(1).hashKeyRange().startingHashKey()).isEqualTo(BigInteger.ZERO);
    assertThat(all.get(2).hashKeyRange().startingHashKey()).isEqualTo(mid(parent.hashKeyRange()));
    assertThat(shards(ref, ShardFilter.of(ShardFilterType.AT_LATEST))).hasSize(2);
    assertThat(shards(ref, ShardFilter.of(ShardFilterType.AT_TRIM_HORIZON)))
        .extracting(Shard::shardId)
        .containsExactly(parent.shardId());

    String it = engine.getShardIterator(GetShardIteratorRequest.trimHorizon(ref, parent.shardId()));
    GetRecordsResult r = engine.getRecords(it, null);
    while (r.nextShardIterator() != null) {
      r = engine.getRecords(r.nextShardIterator(), null);
    }
    assertThat(r.childShards())
        .extracting(ChildShard::shardId)
        .containsExactly("shardId-000000000001", "shardId-000000000002");
    assertThat(r.childShards())
        .allSatisfy(c -> assertThat(c.parentShards()).containsExactly(parent.shardId()));
    BigInteger end = new BigInteger(closed.sequenceNumberRange().endingSequenceNumber());
    assertThat(new BigInteger(before.sequenceNumber())).isLessThanOrEqualTo(end);
    assertThat(during.shardId())
        .isIn(parent.shardId(), "shardId-000000000001", "shardId-000000000002");

    PutRecordResult after = engine.putRecord(ref, PutRecordsEntry.of("a", new byte[1]), null);
    assertThat(after.shardId()).isNotEqualTo(parent.shardId());
    assertThat(new BigInteger(after.sequenceNumber()))
        .isGreaterThan(new BigInteger(during.sequenceNumber()));
  }

  @Test
  void mergeJoinsAdjacentShardsOnly() {
    StreamRef ref = createActive(engine, "merge", 3);
    assertThatThrownBy(
            () -> engine.mergeShards(ref, "shardId-000000000000", "shardId-000000000002"))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
    engine.mergeShards(ref, "shardId-000000000001", "shardId-000000000002");
    assertThatThrownBy(
            () -> engine.mergeShards(ref, "shardId-000000000000", "shardId-000000000001"))
        .satisfies(code(KinesisErrorCode.RESOURCE_IN_USE));
    awaitActive(engine, "merge");
    Shard child = shards(ref, ShardFilter.of(ShardFilterType.AT_LATEST)).get(1);
    assertThat(child.shardId()).isEqualTo("shardId-000000000003");
    assertThat(child.parentShardId()).isEqualTo("shardId-000000000001");
    assertThat(child.adjacentParentShardId()).isEqualTo("shardId-000000000002");
    assertThatThrownBy(() -> engine.splitShard(ref, "shardId-000000000001", "1000"))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void splitRejectsAHashKeyOutsideTheShard() {
    StreamRef ref = createActive(engine, "badsplit", 2);
    Shard first = shards(ref, null).get(0);
    assertThatThrownBy(
            () ->
                engine.splitShard(
                    ref,
                    first.shardId(),
                    first.hashKeyRange().endingHashKey().add(BigInteger.TEN).toString()))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> engine.splitShard(ref, first.shardId(), "-1"))
        .isInstanceOf(KinesisException.class);
    assertThat(engine.describeStreamSummary(ref).streamStatus()).isEqualTo(StreamStatus.ACTIVE);
    assertThat(shards(ref, null)).hasSize(2);
  }

  @Test
  void updateShardCountReachesAUniformLayoutWithinKinesisBounds() {
    StreamRef ref = createActive(engine, "scale", 2);
    assertThatThrownBy(() -> engine.updateShardCount(ref, 5, "UNIFORM_SCALING"))
        .satisfies(code(KinesisErrorCode.LIMIT_EXCEEDED));
    assertThat(engine.updateShardCount(ref, 3, "UNIFORM_SCALING").currentShardCount()).isEqualTo(2);
    awaitActive(engine, "scale");
    assertThat(openRanges(ref)).containsExactlyElementsOf(HashKeySpace.evenSplit(3));
    assertThat(engine.describeStreamSummary(ref).openShardCount()).isEqualTo(3);
    engine.updateShardCount(ref, 2, "UNIFORM_SCALING");
    awaitActive(engine, "scale");
    assertThat(openRanges(ref)).containsExactlyElementsOf(HashKeySpace.evenSplit(2));
  }

  private static List<HashKeyRange> openRanges(StreamRef ref) {
    return shards(ref, ShardFilter.of(ShardFilterType.AT_LATEST)).stream()
        .map(Shard::hashKeyRange)
        .sorted(java.util.Comparator.comparing(HashKeyRange::startingHashKey))
        .toList();
  }

  @Test
  void listShardsPagesWithNextTokenAndFilters() {
    StreamRef ref = createActive(engine, "paging", 5);
    List<String> ids = new ArrayList<>();
    ListShardsResult page = engine.listShards(ListShardsRequest.of(ref).withMaxResults(2));
    ids.addAll(page.shards().stream().map(Shard::shardId).toList());
    while (page.nextToken() != null) {
      page = engine.listShards(ListShardsRequest.next(page.nextToken()));
      ids.addAll(page.shards().stream().map(Shard::shardId).toList());
    }
    assertThat(ids).hasSize(5).doesNotHaveDuplicates();
    assertThat(
            engine
                .listShards(
                    ListShardsRequest.of(ref)
                        .withFilter(
                            new ShardFilter(
                                ShardFilterType.AFTER_SHARD_ID, "shardId-000000000002", null)))
                .shards())
        .extracting(Shard::shardId)
        .containsExactly("shardId-000000000003", "shardId-000000000004");
    assertThat(
            engine
                .listShards(
                    ListShardsRequest.of(ref).withExclusiveStartShardId("shardId-000000000003"))
                .shards())
        .hasSize(1);
    assertThat(
            engine
                .listShards(
                    ListShardsRequest.of(ref)
                        .withFilter(
                            new ShardFilter(ShardFilterType.AT_TIMESTAMP, null, Instant.now())))
                .shards())
        .hasSize(5);
    assertThatThrownBy(() -> engine.listShards(new ListShardsRequest(ref, "abc", null, null, null)))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> engine.listShards(ListShardsRequest.next("not-a-token")))
        .satisfies(code(KinesisErrorCode.INVALID_ARGUMENT));
  }
}
