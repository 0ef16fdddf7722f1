package io.kinesisonkafka.adapter.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A Kafka outage longer than every Kafka client timeout, under a server taking writes: the broker
 * (its own single node, so that killing it disturbs no other test) is killed with SIGKILL and
 * started again on the same data 35 s later. While it is down, every request is answered within the
 * request timeout with a retriable InternalFailure (HTTP 500), {@code /ready} answers 503 and
 * {@code /health} 200 "waiting"; once it is back the server serves again by itself, and every
 * record acknowledged before, during or after the outage is read back.
 */
class KafkaOutageIT {
  private static final Duration OUTAGE = Duration.ofSeconds(35);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private static EmbeddedKafkaCluster kafka;
  private static KinesisServer server;
  private static KinesisClient client;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafkaCluster.builder().nodes(1).build();
    kafka.start();
    server =
        KinesisServer.start(
            TestServers.config(
                "outage", Map.of(Setting.REQUEST_TIMEOUT_MS, "" + REQUEST_TIMEOUT.toMillis())),
            kafka.bootstrapServers());
    client =
        KinesisClient.builder()
            .endpointOverride(TestServers.http(server))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
            .httpClientBuilder(ApacheHttpClient.builder())
            // Each call measured on its own: no SDK retries.
            .overrideConfiguration(
                o ->
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(Duration.ofSeconds(25)))
            .build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theServerAnswersQuicklyDuringAnOutageAndRecoversWithoutLosingAcknowledgedRecords()
      throws Exception {
    SdkStreams.createActive(client, "survivor", 2);
    Map<String, String> acked = new ConcurrentHashMap<>(); // payload -> sequence number
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicLong slowestFailureMs = new AtomicLong();
    List<String> unexpected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      put(i, acked, attempts, failures, slowestFailureMs, unexpected);
    }
    assertThat(acked).hasSize(50);

    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              for (int i = 50; writing.get(); i++) {
                put(i, acked, attempts, failures, slowestFailureMs, unexpected);
                pause(20);
              }
            },
            "outage-writer");
    writer.start();
    pause(1000);

    long killedAt = System.nanoTime();
    kafka.killNode(1);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> probe("/ready").status == 503);
    long unreadyAfterMs = millisSince(killedAt);
    Probe health = probe("/health");
    Probe ready = probe("/ready");
    assertThat(health.status).isEqualTo(200);
    assertThat(health.body).startsWith("waiting: ");
    assertThat(ready.body).startsWith("not ready: ");
    int failuresBefore = failures.get();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> failures.get() >= failuresBefore + 3);

    pause(OUTAGE.toMillis() - millisSince(killedAt));
    // Still waiting, not failed, after longer than every Kafka client timeout it used to die of.
    assertThat(probe("/health").status).isEqualTo(200);
    int ackedDuringOutage = acked.size();
    long restartAt = System.nanoTime();
    kafka.startNode(1);
    long brokerBackMs = millisSince(restartAt);
    int ackedAtRestart = acked.size();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> probe("/ready").status == 200 && acked.size() > ackedAtRestart + 5);
    long recoveredMs = millisSince(restartAt);
    pause(1000);
    writing.set(false);
    writer.join();

    assertThat(probe("/health").body).isEqualTo("ok");
    Map<String, Integer> copies = readAll("survivor");
    List<String> lost =
        acked.keySet().stream().filter(payload -> !copies.containsKey(payload)).toList();
    long duplicates = copies.values().stream().filter(c -> c > 1).count();
    System.out.printf(
        "KafkaOutageIT: outage %d s; /ready 503 after %d ms; %d PutRecord calls, %d acknowledged"
            + " (%d before the restart), %d failed, slowest failure %d ms (request timeout %d ms);"
            + " broker back after %d ms, serving again %d ms after the restart; read back %d"
            + " distinct records, lost %d, duplicates %d%n",
        OUTAGE.toSeconds(),
        unreadyAfterMs,
        attempts.get(),
        acked.size(),
        ackedDuringOutage,
        failures.get(),
        slowestFailureMs.get(),
        REQUEST_TIMEOUT.toMillis(),
        brokerBackMs,
        recoveredMs,
        copies.size(),
        lost.size(),
        duplicates);
    assertThat(unexpected).isEmpty();
    assertThat(lost).isEmpty();
    assertThat(slowestFailureMs.get()).isLessThan(REQUEST_TIMEOUT.toMillis() + 4_000);
    assertThat(recoveredMs - brokerBackMs).isLessThan(20_000);
  }

  private static void put(
      int i,
      Map<String, String> acked,
      AtomicInteger attempts,
      AtomicInteger failures,
      AtomicLong slowestFailureMs,
      List<String> unexpected) {
    String payload = "record-" + i;
    long start = System.nanoTime();
    attempts.incrementAndGet();
    try {
      PutRecordResponse r =
          client.putRecord(
              b ->
                  b.streamName("survivor")
                      .partitionKey("key-" + (i % 13))
                      .data(SdkBytes.fromUtf8String(payload)));
      acked.put(payload, r.sequenceNumber());
    } catch (KinesisException e) {
      failures.incrementAndGet();
      slowestFailureMs.accumulateAndGet(millisSince(start), Math::max);
      String code = e.awsErrorDetails().errorCode();
      boolean retriable = e.statusCode() == 500 || e.statusCode() == 503;
      if (!retriable
          || !(code.equals("InternalFailure") || code.startsWith("ServiceUnavailable"))) {
        synchronized (unexpected) {
          unexpected.add(e.statusCode() + " " + code + ": " + e.getMessage());
        }
      }
      if (e.awsErrorDetails().errorMessage() != null
          && e.awsErrorDetails().errorMessage().contains("Exception:")) {
        synchronized (unexpected) {
          unexpected.add("internals in the message: " + e.awsErrorDetails().errorMessage());
        }
      }
    } catch (SdkException e) {
      failures.incrementAndGet();
      synchronized (unexpected) {
        unexpected.add("no answer: " + e);
      }
    }
  }

  private static Map<String, Integer> readAll(String stream) {
    Map<String, Integer> copies = new HashMap<>();
    for (Shard shard : client.listShards(b -> b.streamName(stream)).shards()) {
      String iterator =
          client
              .getShardIterator(
                  b ->
                      b.streamName(stream)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      while (true) {
        String it = iterator;
        GetRecordsResponse got = client.getRecords(b -> b.shardIterator(it).limit(10_000));
        for (Record r : got.records()) {
          copies.merge(r.data().asString(StandardCharsets.UTF_8), 1, Integer::sum);
        }
        if (got.records().isEmpty() && got.millisBehindLatest() == 0) {
          break;
        }
        iterator = got.nextShardIterator();
      }
    }
    return copies;
  }

  private record Probe(int status, String body) {}

  private static Probe probe(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(TestServers.http(server) + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Probe(r.statusCode(), r.body());
    } catch (java.io.IOException e) {
      return new Probe(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void pause(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
