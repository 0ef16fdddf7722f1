package io.kinesisonkafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MockKinesisProducerTest {

  /** The kind of code a user tests: it takes the interface, not the real producer. */
  static CompletableFuture<UserRecordResult> publish(UserRecordProducer producer, String order) {
    return producer.addUserRecord(
        "orders", order, ByteBuffer.wrap(order.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void recordsWhatWasAddedAndCompletesAtOnceByDefault() {
    MockKinesisProducer producer = new MockKinesisProducer();
    UserRecordResult result = publish(producer, "order-1").join();
    assertThat(result.isSuccessful()).isTrue();
    assertThat(result.getShardId()).startsWith("shardId-");
    assertThat(producer.history())
        .singleElement()
        .satisfies(r -> assertThat(r.partitionKey()).isEqualTo("order-1"));
  }

  @Test
  void routesByHashKeyOverEvenShardsWithIncreasingSequenceNumbersPerShard() {
    MockKinesisProducer producer = new MockKinesisProducer(true, 2);
    String low = "1";
    String high = BigInteger.ONE.shiftLeft(127).add(BigInteger.ONE).toString();
    UserRecordResult a = producer.addUserRecord("s", "k", low, ByteBuffer.allocate(1)).join();
    UserRecordResult b = producer.addUserRecord("s", "k", high, ByteBuffer.allocate(1)).join();
    UserRecordResult c = producer.addUserRecord("s", "k", low, ByteBuffer.allocate(1)).join();
    assertThat(a.getShardId()).isEqualTo("shardId-000000000000");
    assertThat(b.getShardId()).isEqualTo("shardId-000000000001");
    assertThat(new BigInteger(c.getSequenceNumber()))
        .isGreaterThan(new BigInteger(a.getSequenceNumber()));
  }

  @Test
  void letsTheTestDecideEachOutcome() {
    MockKinesisProducer producer = new MockKinesisProducer(false, 1);
    CompletableFuture<UserRecordResult> first = publish(producer, "a");
    CompletableFuture<UserRecordResult> second = publish(producer, "b");
    assertThat(producer.getOutstandingRecordsCount()).isEqualTo(2);
    assertThat(producer.completeNext()).isTrue();
    assertThat(producer.errorNext("Expired", "too old")).isTrue();
    assertThat(first).isCompleted();
    assertThat(second.handle((r, e) -> e).join())
        .isInstanceOf(UserRecordFailedException.class)
        .hasMessageContaining("Expired");
    assertThat(producer.completeNext()).isFalse();
  }

  @Test
  void refusesWhatTheRealProducerRefuses() {
    MockKinesisProducer producer = new MockKinesisProducer();
    assertThatThrownBy(() -> producer.addUserRecord("s", "", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(producer.history()).isEmpty();
  }
}
