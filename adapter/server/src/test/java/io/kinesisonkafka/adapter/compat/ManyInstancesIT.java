package io.kinesisonkafka.adapter.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.compat.CompatClients.WireRecorder;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Several server instances on one Kafka, as the README promises: three instances in this JVM
 * sharing one catalog (a namespace of their own on the shared broker), each reached through its own
 * AWS SDK client. Whatever one instance did, the others serve at once; the rules Kinesis states per
 * stream (one subscription per consumer and shard, the per-shard limits) hold across instances.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManyInstancesIT {
  private static final int WRITE_LIMIT = 100;

  private final AtomicInteger streams = new AtomicInteger();
  private final List<KinesisServer> servers = new ArrayList<>();
  private final List<KinesisClient> sync = new ArrayList<>();
  private final List<KinesisAsyncClient> async = new ArrayList<>();

  @BeforeAll
  void start() {
    Map<Setting, String> shared = sharedNamespace("many");
    for (int i = 0; i < 3; i++) {
      KinesisServer server = CompatClients.startServer("many", shared);
      servers.add(server);
      sync.add(CompatClients.syncApache(CompatClients.http(server), new WireRecorder()));
      async.add(CompatClients.asyncNetty(CompatClients.http(server), new WireRecorder()));
    }
  }

  @AfterAll
  void stop() {
    List<AutoCloseable> all = new ArrayList<>();
    all.addAll(sync);
    all.addAll(async);
    all.addAll(servers);
    closeAll(all);
  }

  @Test
  void aStreamCreatedOnOneInstanceIsUsableOnTheOthersAtOnce() {
    String stream = "shared-" + streams.incrementAndGet();
    SdkStreams.createActive(sync.get(0), stream, 2);
    long activeNanos = System.nanoTime();
    for (KinesisClient other : sync.subList(1, 3)) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(10))
          .until(
              () ->
                  other
                          .describeStreamSummary(r -> r.streamName(stream))
                          .streamDescriptionSummary()
                          .streamStatus()
                      == StreamStatus.ACTIVE);
    }
    long seenMillis = (System.nanoTime() - activeNanos) / 1_000_000;

    List<String> written = new ArrayList<>();
    String shard = null;
    for (int i = 0; i < 3; i++) {
      String data = "via-" + i;
      shard =
          sync.get(i)
              .putRecord(
                  r -> r.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String(data)))
              .shardId();
      written.add(data);
    }
    // An iterator from instance 1 read on instance 2, and its next iterator on instance 0.
    String it = iterator(sync.get(1), stream, shard);
    assertThat(it).isNotNull();
    var first = sync.get(2).getRecords(r -> r.shardIterator(it).limit(2));
    var rest = sync.get(0).getRecords(r -> r.shardIterator(first.nextShardIterator()));
    List<String> read = new ArrayList<>();
    first.records().forEach(r -> read.add(r.data().asUtf8String()));
    rest.records().forEach(r -> read.add(r.data().asUtf8String()));
    assertThat(read).containsExactlyElementsOf(written);
    System.out.printf(
        "ManyInstancesIT: stream ACTIVE on instance 0 was ACTIVE on instances 1 and 2 within %d ms;"
            + " %d records put through 3 instances, %d read back through iterators passed between"
            + " instances%n",
        seenMillis, written.size(), read.size());
  }

  @Test
  void aConsumerRegisteredOnOneInstanceSubscribesOnAnother() throws Exception {
    String stream = stream();
    String consumer = registerActiveConsumer(stream, "elsewhere");
    SdkSubscription sub =
        SdkSubscription.start(async.get(2), consumer, shardId(0), ShardIteratorType.LATEST);
    sub.responded.get(20, TimeUnit.SECONDS);
    sync.get(1)
        .putRecord(
            r -> r.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("hello")));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> sub.received.contains("hello") || sub.error.get() != null);
    assertThat(sub.error.get()).isNull();
    assertThat(sub.received).containsExactly("hello");
    sub.call.cancel(true);
  }

  @Test
  void aSecondSubscriptionOnAnotherInstanceIsRefusedThenTakesOverAfterFiveSeconds()
      throws Exception {
    String stream = stream();
    String consumer = registerActiveConsumer(stream, "once");
    SdkSubscription first =
        SdkSubscription.start(async.get(0), consumer, shardId(0), ShardIteratorType.LATEST);
    first.responded.get(20, TimeUnit.SECONDS);
    long firstNanos = System.nanoTime();

    SdkSubscription second =
        SdkSubscription.start(async.get(1), consumer, shardId(0), ShardIteratorType.LATEST);
    assertThat(failureOf(second.call))
        .as("a second subscription on another instance within 5 s")
        .isInstanceOf(ResourceInUseException.class);
    assertThat(first.error.get()).isNull();
    assertThat(first.call).isNotDone();

    long waitNanos = firstNanos + TimeUnit.MILLISECONDS.toNanos(5_500) - System.nanoTime();
    Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
    SdkSubscription third =
        SdkSubscription.start(async.get(2), consumer, shardId(0), ShardIteratorType.LATEST);
    third.responded.get(20, TimeUnit.SECONDS);
    long takeoverNanos = System.nanoTime();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first.error.get() != null);
    long endedMillis = (System.nanoTime() - takeoverNanos) / 1_000_000;
    assertThat(unwrap(first.error.get()))
        .as("the subscription taken over on another instance ends with")
        .isInstanceOf(ResourceInUseException.class);

    sync.get(1)
        .putRecord(
            r -> r.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("after")));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> third.received.contains("after") || third.error.get() != null);
    assertThat(third.error.get()).isNull();
    assertThat(first.received).doesNotContain("after");
    System.out.printf(
        "ManyInstancesIT: second subscription on another instance refused; takeover after 5 s"
            + " ended the first one (another instance) %d ms after the new one started%n",
        endedMillis);
    third.call.cancel(true);
  }

  @Test
  void readsAndWritesSpreadOverTwoInstancesAreThrottledAtTheShardsLimitNotTwiceIt()
      throws Exception {
    Map<Setting, String> limited = new java.util.EnumMap<>(sharedNamespace("throttle"));
    limited.put(Setting.LIMITS_ENABLED, "true");
    limited.put(Setting.LIMIT_WRITE_RECORDS, "" + WRITE_LIMIT);
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      List<KinesisClient> clients = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        KinesisServer server = CompatClients.startServer("throttle", limited);
        opened.add(server);
        KinesisClient client =
            CompatClients.syncApache(
                CompatClients.http(server),
                new WireRecorder(),
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        opened.add(client);
        clients.add(client);
      }
      SdkStreams.createActive(clients.get(0), "limited", 1);
      int perInstance = 2;
      long warmupMillis = 3_000;
      long measureMillis = 8_000;
      AtomicInteger served = new AtomicInteger();
      AtomicInteger throttled = new AtomicInteger();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      long start = System.nanoTime();
      long measureFrom = start + TimeUnit.MILLISECONDS.toNanos(warmupMillis);
      long end = measureFrom + TimeUnit.MILLISECONDS.toNanos(measureMillis);
      List<Thread> threads = new ArrayList<>();
      for (KinesisClient client : clients) {
        for (int t = 0; t < perInstance; t++) {
          Thread thread =
              new Thread(
                  () -> {
                    try {
                      String it = iterator(client, "limited", shardId(0));
                      while (System.nanoTime() < end) {
                        boolean counted = System.nanoTime() >= measureFrom;
                        try {
                          String current = it;
                          it = client.getRecords(r -> r.shardIterator(current)).nextShardIterator();
                          if (counted) {
                            served.incrementAndGet();
                          }
                        } catch (ProvisionedThroughputExceededException e) {
                          if (counted) {
                            throttled.incrementAndGet();
                          }
                          Thread.sleep(20);
                        }
                      }
                    } catch (Throwable e) {
                      failed.compareAndSet(null, e);
                    }
                  },
                  "getrecords-" + threads.size());
          thread.start();
          threads.add(thread);
        }
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failed.get()).isNull();
      double seconds = measureMillis / 1000.0;
      double limit = 5 * seconds;
      System.out.printf(
          "ManyInstancesIT: GetRecords on one shard through 2 instances for %.0f s: %d served"
              + " (%.1f/s; limit 5/s, per-instance enforcement would allow 10/s), %d throttled%n",
          seconds, served.get(), served.get() / seconds, throttled.get());
      assertThat(throttled.get()).as("calls throttled").isPositive();
      assertThat((double) served.get())
          .as("calls served in %.0f s against a limit of 5/s for the stream", seconds)
          .isLessThanOrEqualTo(limit * 1.25 + 5)
          .isGreaterThanOrEqualTo(limit * 0.5);

      // Writes: PutRecords batches through both instances into the same shard.
      SdkStreams.createActive(clients.get(0), "limited-writes", 1);
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      long writeStart = System.nanoTime();
      long writeFrom = writeStart + TimeUnit.MILLISECONDS.toNanos(warmupMillis);
      long writeEnd = writeFrom + TimeUnit.MILLISECONDS.toNanos(measureMillis);
      threads.clear();
      for (KinesisClient client : clients) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    List<PutRecordsRequestEntry> batch = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                      batch.add(
                          PutRecordsRequestEntry.builder()
                              .partitionKey("k" + i)
                              .data(SdkBytes.fromUtf8String("x"))
                              .build());
                    }
                    while (System.nanoTime() < writeEnd) {
                      boolean counted = System.nanoTime() >= writeFrom;
                      PutRecordsResponse r =
                          client.putRecords(b -> b.streamName("limited-writes").records(batch));
                      if (counted) {
                        refused.addAndGet(r.failedRecordCount());
                        accepted.addAndGet(batch.size() - r.failedRecordCount());
                      }
                      Thread.sleep(20);
                    }
                  } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                  }
                },
                "putrecords-" + threads.size());
        thread.start();
        threads.add(thread);
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failed.get()).isNull();
      double writeLimit = WRITE_LIMIT * seconds;
      System.out.printf(
          "ManyInstancesIT: PutRecords into one shard through 2 instances for %.0f s: %d records"
              + " accepted (%.1f/s; limit %d/s, per-instance enforcement would allow %d/s), %d"
              + " refused%n",
          seconds,
          accepted.get(),
          accepted.get() / seconds,
          WRITE_LIMIT,
          2 * WRITE_LIMIT,
          refused.get());
      assertThat(refused.get()).as("records refused").isPositive();
      assertThat((double) accepted.get())
          .as("records accepted in %.0f s against %d/s for the shard", seconds, WRITE_LIMIT)
          .isLessThanOrEqualTo(writeLimit * 1.25 + WRITE_LIMIT)
          .isGreaterThanOrEqualTo(writeLimit * 0.5);
    } finally {
      closeAll(opened);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Settings that put every instance started with them in one namespace: one catalog. */
  private static Map<Setting, String> sharedNamespace(String hint) {
    String ns = TestEngines.namespace(hint);
    return Map.of(
        Setting.CATALOG_TOPIC, TestEngines.catalogTopic(ns),
        Setting.TOPIC_PREFIX, TestEngines.topicPrefix(ns));
  }

  private String stream() {
    String name = "efo-" + streams.incrementAndGet();
    SdkStreams.createActive(sync.get(0), name, 1);
    return name;
  }

  /** Registered on instance 0, seen ACTIVE on instance 1. */
  private String registerActiveConsumer(String stream, String name) {
    String arn =
        sync.get(0)
            .registerStreamConsumer(r -> r.streamARN(arn(stream)).consumerName(name))
            .consumer()
            .consumerARN();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                sync.get(1)
                        .describeStreamConsumer(r -> r.consumerARN(arn))
                        .consumerDescription()
                        .consumerStatus()
                    == ConsumerStatus.ACTIVE);
    return arn;
  }

  private static String iterator(KinesisClient client, String stream, String shardId) {
    return client
        .getShardIterator(
            r ->
                r.streamName(stream)
                    .shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
        .shardIterator();
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static Throwable failureOf(CompletableFuture<?> call) throws Exception {
    try {
      call.get(20, TimeUnit.SECONDS);
      throw new AssertionError("the call succeeded");
    } catch (ExecutionException e) {
      return unwrap(e.getCause());
    }
  }

  private static String arn(String stream) {
    return "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream;
  }

  private static String shardId(int index) {
    return "shardId-%012d".formatted(index);
  }

  private static void closeAll(List<AutoCloseable> closeables) {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // closing what is left
      }
    }
  }
}
