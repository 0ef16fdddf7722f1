package io.kinesisonkafka.adapter.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.compat.CompatClients.WireRecorder;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.ChildServer;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import io.kinesisonkafka.embedded.SharedKafka;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * One of two server instances killed with SIGKILL (it runs in a child JVM) while AWS SDK clients
 * write through it and right after it accepted a SplitShard: the clients fail over to the other
 * instance, the other instance completes the split, and every acknowledged record is read back, in
 * per-key order, parents before children; duplicates come only from the clients' retries.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class InstanceKillIT {
  private static final int WRITERS = 4;
  private static final int KEYS_PER_WRITER = 8;
  private static final String STREAM = "orders";

  @Test
  void anInstanceKilledUnderLoadLosesNothingAcknowledgedAndItsSplitIsCompleted() throws Exception {
    String ns = TestEngines.namespace("kill");
    Map<Setting, String> shared = new EnumMap<>(Setting.class);
    shared.put(Setting.CATALOG_TOPIC, TestEngines.catalogTopic(ns));
    shared.put(Setting.TOPIC_PREFIX, TestEngines.topicPrefix(ns));
    shared.put(Setting.LIMITS_ENABLED, "false");
    Map<Setting, String> childSettings = new EnumMap<>(shared);
    childSettings.put(Setting.KAFKA_BOOTSTRAP_SERVERS, SharedKafka.bootstrapServers());

    List<AutoCloseable> opened = new ArrayList<>();
    try (KinesisServer survivor = TestServers.start("kill", shared);
        ChildServer doomed = ChildServer.start("kill", childSettings, Duration.ofSeconds(90))) {
      URI survivorUri = TestServers.http(survivor);
      KinesisClient viaDoomed = client(doomed.http(), opened);
      KinesisClient viaSurvivor = client(survivorUri, opened);
      SdkStreams.createActive(viaDoomed, STREAM, 2);
      SdkStreams.awaitActive(viaSurvivor, STREAM);

      // A fan-out consumer reading shard 1 through the instance that dies.
      KinesisAsyncClient asyncDoomed = CompatClients.asyncNetty(doomed.http(), new WireRecorder());
      opened.add(asyncDoomed);
      KinesisAsyncClient asyncSurvivor = CompatClients.asyncNetty(survivorUri, new WireRecorder());
      opened.add(asyncSurvivor);
      String consumerArn = registerActiveConsumer(viaDoomed, viaSurvivor);

      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong killedAt = new AtomicLong();
      List<Writer> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        // Three writers start on the instance that dies, one on the survivor.
        KinesisClient first = w < WRITERS - 1 ? client(doomed.http(), opened) : viaSurvivor;
        Writer writer = new Writer(w, first, client(survivorUri, opened), stop, killedAt);
        writers.add(writer);
        writer.thread.start();
      }
      Thread.sleep(3_000);
      // Subscribed just before the kill, so the dead instance's claim is young when it dies.
      SdkSubscription before =
          SdkSubscription.start(
              asyncDoomed, consumerArn, shardId(1), ShardIteratorType.TRIM_HORIZON);
      before.responded.get(30, TimeUnit.SECONDS);
      long claimedNanos = System.nanoTime();

      viaDoomed.splitShard(
          r ->
              r.streamName(STREAM)
                  .shardToSplit(shardId(0))
                  .newStartingHashKey(BigInteger.ONE.shiftLeft(126).toString()));
      long ackedAtKill = writers.stream().mapToLong(w -> w.acked.size()).sum();
      doomed.kill();
      long killNanos = System.nanoTime();
      killedAt.set(killNanos);

      // Resubscribe through the survivor: refused while the dead instance's claim is under 5 s old.
      int refused = 0;
      SdkSubscription after;
      while (true) {
        SdkSubscription attempt =
            SdkSubscription.start(
                asyncSurvivor, consumerArn, shardId(1), ShardIteratorType.TRIM_HORIZON);
        try {
          attempt.responded.get(30, TimeUnit.SECONDS);
          after = attempt;
          break;
        } catch (ExecutionException e) {
          assertThat(unwrap(e.getCause())).isInstanceOf(ResourceInUseException.class);
          refused++;
          Thread.sleep(250);
        }
      }
      long resubscribedMillis = (System.nanoTime() - killNanos) / 1_000_000;
      long sinceClaimMillis = (System.nanoTime() - claimedNanos) / 1_000_000;

      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                var summary =
                    viaSurvivor
                        .describeStreamSummary(r -> r.streamName(STREAM))
                        .streamDescriptionSummary();
                return summary.streamStatus() == StreamStatus.ACTIVE
                    && summary.openShardCount() == 3;
              });
      long activeMillis = (System.nanoTime() - killNanos) / 1_000_000;
      Thread.sleep(2_000);
      stop.set(true);
      for (Writer w : writers) {
        w.thread.join(60_000);
        assertThat(w.thread.isAlive()).isFalse();
        assertThat(w.failure.get()).isNull();
      }

      Set<String> ackedInShard1 = new HashSet<>();
      for (Writer w : writers) {
        w.shardOf.forEach(
            (data, shard) -> {
              if (shard.equals(shardId(1))) {
                ackedInShard1.add(data);
              }
            });
      }
      SdkSubscription resumed = after;
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> resumed.error.get() != null || resumed.received.containsAll(ackedInShard1));
      assertThat(resumed.error.get()).isNull();
      assertThat(resumed.received)
          .as("the resubscribed consumer (TRIM_HORIZON) read every record acknowledged in shard 1")
          .containsAll(ackedInShard1);
      resumed.call.cancel(true);
      before.call.cancel(true);

      List<Shard> shards = viaSurvivor.listShards(r -> r.streamName(STREAM)).shards();
      assertThat(shards)
          .as("the parent and the two children of the split the dead instance accepted")
          .hasSize(4);
      Shard parent = shards.stream().filter(s -> s.shardId().equals(shardId(0))).findFirst().get();
      assertThat(parent.sequenceNumberRange().endingSequenceNumber()).isNotNull();
      // Read parents before children: shard 0, then 1 (never split), then the children of 0.
      Map<String, List<String>> byKey = new HashMap<>();
      int readBack = 0;
      for (Shard s : shards) {
        for (Record r : readAll(viaSurvivor, s.shardId())) {
          byKey
              .computeIfAbsent(r.partitionKey(), k -> new ArrayList<>())
              .add(r.data().asUtf8String());
          readBack++;
        }
      }

      long acked = 0;
      long retries = 0;
      long failovers = 0;
      long maxFailoverMillis = 0;
      int duplicates = 0;
      Set<String> distinct = new HashSet<>();
      for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
        int last = -1;
        Set<String> seen = new HashSet<>();
        for (String data : e.getValue()) {
          if (!seen.add(data)) {
            duplicates++;
            continue;
          }
          int index = Integer.parseInt(data.substring(data.lastIndexOf(':') + 1));
          assertThat(index)
              .as("key %s: %s read after record %d", e.getKey(), data, last)
              .isGreaterThan(last);
          last = index;
          distinct.add(data);
        }
      }
      for (Writer w : writers) {
        acked += w.acked.size();
        retries += w.retries.get();
        if (w.failedOverMillis.get() >= 0) {
          failovers++;
          maxFailoverMillis = Math.max(maxFailoverMillis, w.failedOverMillis.get());
        }
        for (String data : w.acked) {
          assertThat(distinct).as("acknowledged record %s read back", data).contains(data);
        }
        for (String data : w.acked) {
          String key = w.keyOf(data);
          assertThat(byKey.get(key)).contains(data);
        }
      }
      assertThat(duplicates)
          .as("duplicates, at most one per client retry")
          .isLessThanOrEqualTo((int) retries);
      assertThat(failovers).as("writers that failed over").isEqualTo(WRITERS - 1);
      System.out.printf(
          "InstanceKillIT: %d records acknowledged (%d before the SIGKILL), %d read back (%d"
              + " distinct, %d duplicates from %d client retries); %d writers failed over to the"
              + " survivor, the slowest %d ms after the kill; the split accepted by the killed"
              + " instance was completed by the survivor, stream ACTIVE %d ms after the kill; the"
              + " fan-out consumer of shard 1 resubscribed on the survivor %d ms after the kill"
              + " and %d ms after its claim on the killed instance (%d refusals while that claim"
              + " was under 5 s old) and read all %d"
              + " records acknowledged there%n",
          acked,
          ackedAtKill,
          readBack,
          distinct.size(),
          duplicates,
          retries,
          failovers,
          maxFailoverMillis,
          activeMillis,
          resubscribedMillis,
          sinceClaimMillis,
          refused,
          ackedInShard1.size());
    } finally {
      for (AutoCloseable c : opened) {
        try {
          c.close();
        } catch (Exception e) {
          // closing what is left
        }
      }
    }
  }

  /** Writes "w:i" records in order, each under one of its keys; fails over once on I/O errors. */
  private static final class Writer {
    final int id;
    final KinesisClient fallback;
    final AtomicBoolean stop;
    final AtomicLong killedAt;
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final Map<String, String> shardOf = new ConcurrentHashMap<>();
    final AtomicInteger retries = new AtomicInteger();
    final AtomicLong failedOverMillis = new AtomicLong(-1);
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final Thread thread;
    volatile KinesisClient current;

    Writer(
        int id,
        KinesisClient first,
        KinesisClient fallback,
        AtomicBoolean stop,
        AtomicLong killed) {
      this.id = id;
      this.current = first;
      this.fallback = fallback;
      this.stop = stop;
      this.killedAt = killed;
      this.thread = new Thread(this::run, "writer-" + id);
    }

    String keyOf(String data) {
      int index = Integer.parseInt(data.substring(data.lastIndexOf(':') + 1));
      return "w" + id + "-k" + (index % KEYS_PER_WRITER);
    }

    private void run() {
      try {
        for (int i = 0; !stop.get(); i++) {
          String data = id + ":" + i;
          String key = keyOf(data);
          boolean failedOver = false;
          while (true) {
            try {
              String shard =
                  current
                      .putRecord(
                          r ->
                              r.streamName(STREAM)
                                  .partitionKey(key)
                                  .data(SdkBytes.fromUtf8String(data)))
                      .shardId();
              shardOf.put(data, shard);
              acked.add(data);
              if (failedOver && failedOverMillis.get() < 0) {
                failedOverMillis.set((System.nanoTime() - killedAt.get()) / 1_000_000);
              }
              break;
            } catch (SdkClientException e) {
              // The instance is gone (connection refused or reset): the record may or may not
              // be stored; retry it on the other instance.
              retries.incrementAndGet();
              if (current != fallback) {
                current = fallback;
                failedOver = true;
              } else {
                Thread.sleep(50);
              }
            } catch (SdkServiceException e) {
              if (e.statusCode() < 500) {
                throw e;
              }
              retries.incrementAndGet();
              Thread.sleep(50);
            }
          }
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    }
  }

  /** Registered through the doomed instance, seen ACTIVE through the survivor. */
  private static String registerActiveConsumer(KinesisClient on, KinesisClient seenOn) {
    String arn =
        on.registerStreamConsumer(
                r ->
                    r.streamARN("arn:aws:kinesis:us-east-1:000000000000:stream/" + STREAM)
                        .consumerName("fan-out"))
            .consumer()
            .consumerARN();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                seenOn
                        .describeStreamConsumer(r -> r.consumerARN(arn))
                        .consumerDescription()
                        .consumerStatus()
                    == ConsumerStatus.ACTIVE);
    return arn;
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static List<Record> readAll(KinesisClient client, String shardId) {
    List<Record> records = new ArrayList<>();
    String it =
        client
            .getShardIterator(
                r ->
                    r.streamName(STREAM)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    while (it != null) {
      String current = it;
      GetRecordsResponse got = client.getRecords(r -> r.shardIterator(current).limit(10_000));
      records.addAll(got.records());
      if (got.records().isEmpty() && got.millisBehindLatest() == 0) {
        break;
      }
      it = got.nextShardIterator();
    }
    return records;
  }

  private static KinesisClient client(URI endpoint, List<AutoCloseable> opened) {
    KinesisClient client =
        CompatClients.syncApache(
            endpoint,
            new WireRecorder(),
            o ->
                o.retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallTimeout(Duration.ofSeconds(15)));
    opened.add(client);
    return client;
  }

  private static String shardId(int index) {
    return "shardId-%012d".formatted(index);
  }
}
