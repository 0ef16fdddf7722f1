package io.kinesisonkafka.adapter.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.math.BigInteger;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamCatalogIT {
  static EngineConfig config;
  static KinesisEngine engine;
  static StreamCatalog catalog;

  @BeforeAll
  static void start() {
    config = TestEngines.isolated().build();
    engine = KinesisEngine.start(config);
    catalog = StreamCatalog.open(config.catalogSettings());
  }

  @AfterAll
  static void stop() {
    catalog.close();
    engine.close();
  }

  private static StreamRef createActive(String name, int shards) {
    return TestEngines.createActive(engine, name, shards);
  }

  @Test
  void seesStreamsTheEngineCreatesWithTheirTopicAndShards() {
    createActive("orders", 4);
    catalog.whenFresh().join();
    Awaitility.await().until(() -> catalog.stream("orders").isPresent());
    StreamView orders = catalog.stream("orders").orElseThrow();
    assertThat(orders.topic()).isEqualTo(config.topicPrefix() + "orders");
    assertThat(catalog.streamOf(orders.topic())).contains("orders");
    assertThat(orders.shards()).extracting(ShardView::index).containsExactly(0, 1, 2, 3);
    assertThat(orders.shards()).allSatisfy(s -> assertThat(s.isOpen()).isTrue());
    assertThat(orders.shards().get(3).endingHashKey())
        .isEqualTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
    assertThat(catalog.stream("absent")).isEmpty();
  }

  @Test
  void holdsEveryStreamCreatedBeforeItOpenedAsSoonAsOpenReturns() {
    createActive("before-open", 2);
    long openedAt = System.nanoTime();
    try (StreamCatalog fresh = StreamCatalog.open(config.catalogSettings())) {
      // The guarantee, not isFresh(): that one also depends on how soon this thread runs again.
      assertThat(fresh.freshAsOfNanos() - openedAt).isGreaterThanOrEqualTo(0);
      assertThat(fresh.stream("before-open")).isPresent();
    }
  }

  @Test
  void routesAndNumbersRecordsAsTheEngineDoes() {
    StreamRef ref = createActive("numbers", 3);
    catalog.whenFresh().join();
    Awaitility.await().until(() -> catalog.stream("numbers").isPresent());
    StreamView view = catalog.stream("numbers").orElseThrow();
    for (String key : new String[] {"a", "b", "c", "d", "e"}) {
      PutRecordResult put = engine.putRecord(ref, PutRecordsEntry.of(key, new byte[] {1}), null);
      ShardView shard = view.route(HashKeys.ofPartitionKey(key));
      assertThat(shard.shardId()).isEqualTo(put.shardId());
      long offset = shard.offsetOf(put.sequenceNumber());
      assertThat(offset).isGreaterThanOrEqualTo(0);
      assertThat(shard.sequenceNumber(offset, System.currentTimeMillis()).substring(0, 30))
          .isEqualTo(put.sequenceNumber().substring(0, 30));
    }
    ShardView first = view.shard(0).orElseThrow();
    assertThat(first.offsetOf(first.startingSequenceNumber())).isEqualTo(-1);
    assertThatThrownBy(() -> view.shard(1).orElseThrow().offsetOf(first.startingSequenceNumber()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void followsASplitFromFrozenToClosedWithChildren() {
    StreamRef ref = createActive("splitting", 1);
    engine.putRecord(ref, PutRecordsEntry.of("k", new byte[] {1}), null);
    catalog.whenFresh().join();
    Awaitility.await().until(() -> catalog.stream("splitting").isPresent());
    StreamView before = catalog.stream("splitting").orElseThrow();
    BigInteger middle = BigInteger.ONE.shiftLeft(127);
    engine.splitShard(ref, "shardId-000000000000", middle.toString());
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> catalog.stream("splitting").orElseThrow().shard(0).orElseThrow().isClosed());
    StreamView after = catalog.stream("splitting").orElseThrow();
    assertThat(after.version()).isGreaterThan(before.version());
    ShardView parent = after.shard(0).orElseThrow();
    assertThat(parent.endOffset()).isEqualTo(1);
    assertThat(parent.endingSequenceNumber()).isNotNull();
    assertThat(after.childrenOf(parent)).extracting(ShardView::index).containsExactly(1, 2);
    assertThat(after.shard(2).orElseThrow().parents()).containsExactly(0);
    assertThat(after.route(middle).index()).isEqualTo(2);
    assertThat(after.route(BigInteger.ZERO).index()).isEqualTo(1);
  }
}
