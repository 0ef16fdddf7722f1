package io.kinesisonkafka.adapter;

import static io.kinesisonkafka.adapter.testkit.TestEngines.awaitActive;
import static io.kinesisonkafka.adapter.testkit.TestEngines.createActive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.model.ChildShard;
import io.kinesisonkafka.adapter.model.ConsumerDescription;
import io.kinesisonkafka.adapter.model.ConsumerRef;
import io.kinesisonkafka.adapter.model.ListStreamConsumersRequest;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.ShardIteratorType;
import io.kinesisonkafka.adapter.model.StartingPosition;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.SubscriptionEvent;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SubscriptionsIT {
  static KinesisEngine engine;

  @BeforeAll
  static void start() {
    engine = KinesisEngine.start(TestEngines.isolated().build());
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static ConsumerDescription activeConsumer(String stream, String name) {
    String arn = engine.describeStreamSummary(StreamRef.named(stream)).streamArn();
    ConsumerDescription registered = engine.registerStreamConsumer(arn, name);
    assertThat(registered.consumerStatus()).isIn("CREATING", "ACTIVE");
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                engine
                    .describeStreamConsumer(ConsumerRef.arn(registered.consumerArn()))
                    .consumerStatus()
                    .equals("ACTIVE"));
    return registered;
  }

  @Test
  void consumersAreRegisteredListedAndDeregistered() {
    StreamRef ref = createActive(engine, "consumers", 1);
    String arn = engine.describeStreamSummary(ref).streamArn();
    ConsumerDescription c = activeConsumer("consumers", "app");
    assertThat(c.consumerArn()).startsWith(arn + "/consumer/app:");
    assertThat(engine.listStreamConsumers(ListStreamConsumersRequest.of(arn)).consumers())
        .extracting(ConsumerDescription::consumerName)
        .containsExactly("app");
    assertThat(engine.describeStreamSummary(ref).consumerCount()).isEqualTo(1);
    assertThatThrownBy(() -> engine.registerStreamConsumer(arn, "app"))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> assertThat(e.code()).isEqualTo(KinesisErrorCode.RESOURCE_IN_USE));
    assertThatThrownBy(() -> engine.deleteStream(ref, false))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> assertThat(e.code()).isEqualTo(KinesisErrorCode.RESOURCE_IN_USE));
    engine.deregisterStreamConsumer(ConsumerRef.named(arn, "app"));
    assertThat(engine.listStreamConsumers(ListStreamConsumersRequest.of(arn)).consumers())
        .isEmpty();
  }

  @Test
  void aSubscriptionDeliversRecordsWithContinuationsAndEndsAtAClosedShardWithItsChildren() {
    StreamRef ref = createActive(engine, "subscribed", 1);
    ConsumerDescription c = activeConsumer("subscribed", "fanout");
    PutRecordResult first = engine.putRecord(ref, PutRecordsEntry.of("k", new byte[] {1}), null);
    List<Record> seen = new ArrayList<>();
    String continuation;
    try (ShardSubscription sub =
        engine.subscribeToShard(
            c.consumerArn(),
            "shardId-000000000000",
            StartingPosition.of(ShardIteratorType.TRIM_HORIZON))) {
      SubscriptionEvent e = sub.next(Duration.ofSeconds(5));
      seen.addAll(e.records());
      assertThat(seen).extracting(Record::sequenceNumber).containsExactly(first.sequenceNumber());
      assertThat(new BigInteger(e.continuationSequenceNumber()))
          .isGreaterThanOrEqualTo(new BigInteger(first.sequenceNumber()));
      SubscriptionEvent idle = sub.next(Duration.ofMillis(200));
      assertThat(idle.records()).isEmpty();
      continuation = idle.continuationSequenceNumber();
      assertThat(continuation).isNotNull();
      assertThatThrownBy(
              () ->
                  engine.subscribeToShard(
                      c.consumerArn(),
                      "shardId-000000000000",
                      StartingPosition.of(ShardIteratorType.LATEST)))
          .isInstanceOfSatisfying(
              KinesisException.class,
              e2 -> assertThat(e2.code()).isEqualTo(KinesisErrorCode.RESOURCE_IN_USE));
    }
    PutRecordResult second = engine.putRecord(ref, PutRecordsEntry.of("k", new byte[] {2}), null);
    engine.updateShardCount(ref, 2, "UNIFORM_SCALING");
    awaitActive(engine, "subscribed");
    try (ShardSubscription sub =
        engine.subscribeToShard(
            c.consumerArn(),
            "shardId-000000000000",
            new StartingPosition(ShardIteratorType.AFTER_SEQUENCE_NUMBER, continuation, null))) {
      List<Record> rest = new ArrayList<>();
      SubscriptionEvent e;
      do {
        e = sub.next(Duration.ofSeconds(1));
        rest.addAll(e.records());
      } while (!e.shardEnded());
      assertThat(rest).extracting(Record::sequenceNumber).containsExactly(second.sequenceNumber());
      assertThat(e.childShards())
          .extracting(ChildShard::shardId)
          .containsExactly("shardId-000000000001", "shardId-000000000002");
    }
  }
}
