package io.kinesisonkafka.adapter.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.compat.CompatClients.WireRecorder;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Enhanced fan-out through the real async client (Netty, HTTP/2 h2c, CBOR), the way the KCL uses
 * it: register a consumer, wait for ACTIVE, SubscribeToShard with a visitor, and read the AWS event
 * stream. A second server with a 3 s subscription lifetime shows the stream ending cleanly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubscribeToShardIT {
  private static final int LATENCY_RECORDS = 300;
  private static final int SHORT_LIFETIME_SECONDS = 3;

  private final WireRecorder wire = new WireRecorder();
  private final AtomicInteger streams = new AtomicInteger();
  private KinesisServer server;
  private KinesisServer shortLived;
  private KinesisAsyncClient kinesis;
  private KinesisAsyncClient shortLivedKinesis;

  @BeforeAll
  void start() {
    server = CompatClients.startServer("subscribe", Map.of());
    shortLived =
        CompatClients.startServer(
            "subscribeshort",
            Map.of(Setting.SUBSCRIPTION_LIFETIME_SECONDS, "" + SHORT_LIFETIME_SECONDS));
    kinesis = CompatClients.asyncNetty(CompatClients.http(server), wire);
    shortLivedKinesis =
        CompatClients.asyncNetty(CompatClients.http(shortLived), new WireRecorder());
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {kinesis, shortLivedKinesis, server, shortLived}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // closing what is left
        }
      }
    }
  }

  @Test
  void recordsPutWhileSubscribedArriveWithContinuationAndLag() throws Exception {
    String stream = stream();
    String consumer = registerActiveConsumer(kinesis, stream, "latency");
    Subscription sub =
        Subscription.start(kinesis, consumer, shardId(0), p -> p.type(ShardIteratorType.LATEST));
    sub.responded.get(10, TimeUnit.SECONDS);

    long[] sentNanos = new long[LATENCY_RECORDS];
    long[] ackedNanos = new long[LATENCY_RECORDS];
    List<String> sequenceNumbers = new ArrayList<>();
    Instant before = Instant.now();
    for (int i = 0; i < LATENCY_RECORDS; i++) {
      String data = "lat-" + i;
      sentNanos[i] = System.nanoTime();
      String seq =
          kinesis
              .putRecord(
                  r -> r.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String(data)))
              .join()
              .sequenceNumber();
      ackedNanos[i] = System.nanoTime();
      sequenceNumbers.add(seq);
    }
    Instant after = Instant.now();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> sub.received.size() >= LATENCY_RECORDS || sub.error.get() != null);
    assertThat(sub.error.get()).isNull();

    List<Record> records = new ArrayList<>();
    for (SubscribeToShardEvent e : sub.events) {
      assertThat(e.continuationSequenceNumber()).as("ContinuationSequenceNumber").isNotNull();
      assertThat(e.millisBehindLatest()).as("MillisBehindLatest").isNotNull().isNotNegative();
      assertThat(e.childShards()).isEmpty();
      if (!e.records().isEmpty()) {
        assertThat(new BigInteger(e.continuationSequenceNumber()))
            .isGreaterThanOrEqualTo(
                new BigInteger(e.records().get(e.records().size() - 1).sequenceNumber()));
      }
      records.addAll(e.records());
    }
    assertThat(records)
        .extracting(Record::sequenceNumber)
        .containsExactlyElementsOf(sequenceNumbers);
    for (Record r : records) {
      assertThat(r.approximateArrivalTimestamp())
          .as("ApproximateArrivalTimestamp in an event (1970 means a timestamp encoding bug)")
          .isBetween(before.minusSeconds(2), after.plusSeconds(2));
    }

    long[] fromAck = new long[LATENCY_RECORDS];
    long[] fromSend = new long[LATENCY_RECORDS];
    for (int i = 0; i < LATENCY_RECORDS; i++) {
      long received = sub.received.get("lat-" + i);
      fromAck[i] = received - ackedNanos[i];
      fromSend[i] = received - sentNanos[i];
    }
    System.out.printf(
        "SubscribeToShard end-to-end latency over %d records (PutRecord acknowledged -> event"
            + " received): p50 %.2f ms, p99 %.2f ms, max %.2f ms; from PutRecord sent: p50 %.2f"
            + " ms, p99 %.2f ms, max %.2f ms%n",
        LATENCY_RECORDS,
        percentile(fromAck, 50),
        percentile(fromAck, 99),
        percentile(fromAck, 100),
        percentile(fromSend, 50),
        percentile(fromSend, 99),
        percentile(fromSend, 100));

    int eventsBefore = sub.events.size();
    Awaitility.await()
        .atMost(Duration.ofSeconds(7))
        .until(() -> sub.events.stream().skip(eventsBefore).anyMatch(e -> e.records().isEmpty()));
    assertThat(sub.events.get(sub.events.size() - 1).continuationSequenceNumber())
        .as("an idle event still carries the continuation")
        .isNotNull();
  }

  @Test
  void aSecondSubscriptionForTheSameConsumerAndShardWithinFiveSecondsIsResourceInUse()
      throws Exception {
    String stream = stream();
    String consumer = registerActiveConsumer(kinesis, stream, "twice");
    Subscription first =
        Subscription.start(kinesis, consumer, shardId(0), p -> p.type(ShardIteratorType.LATEST));
    first.responded.get(10, TimeUnit.SECONDS);

    Subscription second =
        Subscription.start(kinesis, consumer, shardId(0), p -> p.type(ShardIteratorType.LATEST));
    Throwable failure = failureOf(second.call);
    assertThat(failure).isInstanceOf(ResourceInUseException.class);
    assertThat(unwrap(second.error.get()))
        .as("what the handler's onError saw")
        .isInstanceOf(ResourceInUseException.class);
    assertThat(first.error.get()).isNull();
    assertThat(first.call).isNotDone();
  }

  @Test
  void subscribingWithAnUnknownConsumerIsResourceNotFound() throws Exception {
    String stream = stream();
    String unknown = arn(stream) + "/consumer/nobody:1700000000";
    Subscription sub =
        Subscription.start(kinesis, unknown, shardId(0), p -> p.type(ShardIteratorType.LATEST));
    assertThat(failureOf(sub.call)).isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void atTimestampStartsAtTheFirstRecordAtOrAfterTheInstant() throws Exception {
    String stream = stream();
    String consumer = registerActiveConsumer(kinesis, stream, "timestamp");
    put(kinesis, stream, "early");
    Thread.sleep(30);
    Instant between = Instant.now();
    Thread.sleep(30);
    put(kinesis, stream, "late");
    Subscription sub =
        Subscription.start(
            kinesis,
            consumer,
            shardId(0),
            p -> p.type(ShardIteratorType.AT_TIMESTAMP).timestamp(between));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !sub.received.isEmpty());
    assertThat(sub.events.stream().flatMap(e -> e.records().stream()).findFirst().orElseThrow())
        .extracting(r -> r.data().asUtf8String())
        .isEqualTo("late");
    assertThat(sub.received).doesNotContainKey("early");
  }

  @Test
  void afterASplitTheParentsSubscriptionEndsWithChildShardsAndNoContinuation() throws Exception {
    String stream = stream();
    String consumer = registerActiveConsumer(kinesis, stream, "split");
    Subscription sub =
        Subscription.start(
            kinesis, consumer, shardId(0), p -> p.type(ShardIteratorType.TRIM_HORIZON));
    sub.responded.get(10, TimeUnit.SECONDS);
    put(kinesis, stream, "before-split");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sub.received.containsKey("before-split"));

    kinesis
        .splitShard(
            r ->
                r.streamName(stream)
                    .shardToSplit(shardId(0))
                    .newStartingHashKey(BigInteger.ONE.shiftLeft(127).toString()))
        .join();
    sub.call.get(30, TimeUnit.SECONDS);
    sub.completed.get(1, TimeUnit.SECONDS);
    assertThat(sub.error.get()).isNull();

    SubscribeToShardEvent last = sub.events.get(sub.events.size() - 1);
    assertThat(last.continuationSequenceNumber()).as("continuation at the shard's end").isNull();
    assertThat(last.childShards())
        .extracting(ChildShard::shardId)
        .containsExactlyInAnyOrder(shardId(1), shardId(2));
    for (ChildShard c : last.childShards()) {
      assertThat(c.parentShards()).containsExactly(shardId(0));
      assertThat(c.hashKeyRange()).isNotNull();
    }
    for (SubscribeToShardEvent e : sub.events.subList(0, sub.events.size() - 1)) {
      assertThat(e.continuationSequenceNumber()).isNotNull();
      assertThat(e.childShards()).isEmpty();
    }
    assertThat(sub.received).containsOnlyKeys("before-split");
  }

  @Test
  void aSubscriptionEndsCleanlyAfterItsLifetime() throws Exception {
    String stream = streamOn(shortLivedKinesis);
    String consumer = registerActiveConsumer(shortLivedKinesis, stream, "lifetime");
    long start = System.nanoTime();
    Subscription sub =
        Subscription.start(
            shortLivedKinesis, consumer, shardId(0), p -> p.type(ShardIteratorType.LATEST));
    sub.responded.get(10, TimeUnit.SECONDS);
    put(shortLivedKinesis, stream, "during");

    sub.call.get(SHORT_LIFETIME_SECONDS + 10, TimeUnit.SECONDS);
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    sub.completed.get(1, TimeUnit.SECONDS);
    assertThat(sub.error.get()).as("the client saw an error").isNull();
    assertThat(tookMillis)
        .isBetween(SHORT_LIFETIME_SECONDS * 1000L - 500, SHORT_LIFETIME_SECONDS * 1000L + 5000);
    assertThat(sub.received).containsKey("during");
    assertThat(sub.events).allSatisfy(e -> assertThat(e.continuationSequenceNumber()).isNotNull());

    Subscription again =
        Subscription.start(
            shortLivedKinesis,
            consumer,
            shardId(0),
            p ->
                p.type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(
                        sub.events.get(sub.events.size() - 1).continuationSequenceNumber()));
    again.responded.get(10, TimeUnit.SECONDS);
    put(shortLivedKinesis, stream, "after");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> again.received.containsKey("after"));
    assertThat(again.received).doesNotContainKey("during");
  }

  @Test
  void aJsonClientReadsTheEventStreamToo() throws Exception {
    WireRecorder jsonWire = new WireRecorder();
    try (KinesisAsyncClient json =
        CompatClients.withCborDisabled(
            () -> CompatClients.asyncNetty(CompatClients.http(server), jsonWire))) {
      String stream = streamOn(json);
      String consumer = registerActiveConsumer(json, stream, "json");
      Instant before = Instant.now();
      Subscription sub =
          Subscription.start(json, consumer, shardId(0), p -> p.type(ShardIteratorType.LATEST));
      sub.responded.get(10, TimeUnit.SECONDS);
      put(json, stream, "json-record");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> sub.received.containsKey("json-record") || sub.error.get() != null);
      assertThat(sub.error.get()).isNull();
      Record r = sub.events.stream().flatMap(e -> e.records().stream()).findFirst().orElseThrow();
      assertThat(r.approximateArrivalTimestamp()).isBetween(before.minusSeconds(2), Instant.now());
      assertThat(jsonWire.contentTypes).containsOnly(CompatClients.JSON);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** One SubscribeToShard call and what its visitor saw. */
  private static final class Subscription {
    final List<SubscribeToShardEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, Long> received = new ConcurrentHashMap<>();
    final CompletableFuture<Void> responded = new CompletableFuture<>();
    final CompletableFuture<Void> completed = new CompletableFuture<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    CompletableFuture<Void> call;

    static Subscription start(
        KinesisAsyncClient client,
        String consumerArn,
        String shardId,
        Consumer<StartingPosition.Builder> position) {
      Subscription s = new Subscription();
      SubscribeToShardResponseHandler handler =
          SubscribeToShardResponseHandler.builder()
              .onResponse(r -> s.responded.complete(null))
              .onError(
                  t -> {
                    s.error.set(t);
                    s.responded.completeExceptionally(t);
                  })
              .onComplete(() -> s.completed.complete(null))
              .subscriber(
                  SubscribeToShardResponseHandler.Visitor.builder()
                      .onSubscribeToShardEvent(
                          e -> {
                            long now = System.nanoTime();
                            for (Record r : e.records()) {
                              s.received.put(r.data().asUtf8String(), now);
                            }
                            s.events.add(e);
                          })
                      .build())
              .build();
      s.call =
          client.subscribeToShard(
              r -> r.consumerARN(consumerArn).shardId(shardId).startingPosition(position), handler);
      return s;
    }
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private static Throwable failureOf(CompletableFuture<?> call)
      throws InterruptedException, TimeoutException {
    try {
      call.get(10, TimeUnit.SECONDS);
      throw new AssertionError("the call succeeded");
    } catch (ExecutionException e) {
      return unwrap(e.getCause());
    }
  }

  private String stream() {
    return streamOn(kinesis);
  }

  private String streamOn(KinesisAsyncClient client) {
    String name = "efo-" + streams.incrementAndGet();
    SdkStreams.createActive(client, name, 1);
    return name;
  }

  private static String registerActiveConsumer(
      KinesisAsyncClient client, String stream, String name) {
    String consumerArn =
        client
            .registerStreamConsumer(r -> r.streamARN(arn(stream)).consumerName(name))
            .join()
            .consumer()
            .consumerARN();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                client
                        .describeStreamConsumer(r -> r.consumerARN(consumerArn))
                        .join()
                        .consumerDescription()
                        .consumerStatus()
                    == ConsumerStatus.ACTIVE);
    return consumerArn;
  }

  private static void put(KinesisAsyncClient client, String stream, String data) {
    client
        .putRecord(r -> r.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String(data)))
        .join();
  }

  private static String arn(String stream) {
    return "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream;
  }

  private static String shardId(int index) {
    return "shardId-%012d".formatted(index);
  }

  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
