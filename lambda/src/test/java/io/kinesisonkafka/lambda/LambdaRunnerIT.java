package io.kinesisonkafka.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.adapter.model.StreamRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner against a real broker: the event Lambda builds, batching, checkpoints, bisect. */
class LambdaRunnerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LambdaStreams streams;

  @BeforeAll
  static void start() {
    streams = new LambdaStreams();
  }

  @AfterAll
  static void stop() {
    streams.close();
  }

  private static List<String[]> records(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> new String[] {"k" + i % 7, prefix + i}).toList();
  }

  @Test
  void callsTheHandlerWithTheEventLambdaBuildsInBatchesAndCheckpointsWhatSucceeded() {
    StreamRef stream = streams.create("envelope", 1);
    streams.put(stream, records("r", 250));
    EventSourceMapping mapping = streams.mapping("envelope-fn", "envelope", "\"BatchSize\": 100");
    Invocations log = new Invocations();
    long start = System.nanoTime();
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams.runner("envelope").functionTimeout(Duration.ofSeconds(7)).build(),
            mapping,
            () -> new RecordingHandler(log))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> log.allData().size() >= 250);
      assertThat(runner.health().isServing()).isTrue();
    }
    System.out.printf(
        "envelope: 250 records written, %d read in %d invocations (sizes %s) in %d ms%n",
        log.allData().size(),
        log.calls.size(),
        log.calls.stream().map(c -> c.data().size()).toList(),
        (System.nanoTime() - start) / 1_000_000);
    assertThat(log.allData())
        .containsExactlyElementsOf(records("r", 250).stream().map(r -> r[1]).toList());
    assertThat(log.calls).allSatisfy(c -> assertThat(c.data()).hasSizeLessThanOrEqualTo(100));
    assertThat(log.calls).allSatisfy(c -> assertThat(c.remainingMs()).isBetween(1, 7_000));
    KinesisEventRecord first = log.calls.get(0).records().get(0);
    assertThat(first.getEventSource()).isEqualTo("aws:kinesis");
    assertThat(first.getEventVersion()).isEqualTo("1.0");
    assertThat(first.getEventName()).isEqualTo("aws:kinesis:record");
    assertThat(first.getAwsRegion()).isEqualTo(LambdaStreams.REGION);
    assertThat(first.getEventSourceARN()).isEqualTo(streams.arn("envelope"));
    assertThat(first.getKinesis().getKinesisSchemaVersion()).isEqualTo("1.0");
    assertThat(first.getKinesis().getPartitionKey()).isEqualTo("k0");
    assertThat(first.getKinesis().getApproximateArrivalTimestamp()).isNotNull();
    assertThat(first.getEventID())
        .isEqualTo("shardId-000000000000:" + first.getKinesis().getSequenceNumber());

    // A new worker of the same mapping starts after the checkpoint: nothing again.
    streams.put(stream, records("s", 3));
    Invocations again = new Invocations();
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams.runner("envelope").build(), mapping, () -> new RecordingHandler(again))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> again.allData().size() >= 3);
      sleep(1_000);
    }
    System.out.printf("envelope restart: 3 more written, %s read back%n", again.allData());
    assertThat(again.allData()).containsExactly("s0", "s1", "s2");
  }

  @Test
  void bisectsAFailingBatchDownToTheBadRecordAndSendsItOnFailureAfterTheRetries() throws Exception {
    StreamRef stream = streams.create("bisect", 1);
    List<String[]> records = new ArrayList<>(records("b", 40));
    records.set(17, new String[] {"k3", "poison-17"});
    streams.put(stream, records);
    String topic = streams.namespace + "-failures";
    EventSourceMapping mapping =
        streams.mapping(
            "bisect-fn",
            "bisect",
            "\"BatchSize\": 40, \"BisectBatchOnFunctionError\": true, \"MaximumRetryAttempts\": 2,"
                + " \"DestinationConfig\": {\"OnFailure\": {\"Destination\": \"kafka:"
                + topic
                + "\"}}");
    Invocations log = new Invocations();
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams.runner("bisect").build(), mapping, () -> new RecordingHandler(log))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> log.allData().stream().filter(d -> d.startsWith("b")).count() >= 39);
      // The shard goes on after the discard.
      streams.put(stream, "k1", "after");
      await().atMost(Duration.ofSeconds(60)).until(() -> log.allData().contains("after"));
    }
    List<Integer> sizes = log.calls.stream().map(c -> c.data().size()).toList();
    long poisonCalls = log.calls.stream().filter(c -> c.data().contains("poison-17")).count();
    long alone = log.calls.stream().filter(c -> c.data().equals(List.of("poison-17"))).count();
    System.out.printf(
        "bisect: 41 records written, %d invocations (sizes %s), poison invoked %d times, %d alone%n",
        log.calls.size(), sizes, poisonCalls, alone);
    assertThat(alone).as("the bad record alone: 1 call + 2 retries").isEqualTo(3);
    // Halves of 40, 20, 10, 5, 3 (3 splits as [15, 16] [17]): each part holding the bad record
    // fails once, then it fails alone three times.
    assertThat(poisonCalls).isEqualTo(5 + 3);
    assertThat(sizes).startsWith(40, 20, 10, 10, 5, 5, 3, 2, 1, 1, 1);
    List<String> succeeded = new ArrayList<>();
    for (Invocations.Call c : log.calls) {
      if (!c.data().contains("poison-17")) {
        succeeded.addAll(c.data());
      }
    }
    List<String> expected = new ArrayList<>(records.stream().map(r -> r[1]).toList());
    expected.remove("poison-17");
    expected.add("after");
    assertThat(succeeded).containsExactlyElementsOf(expected);

    List<ConsumerRecord<String, String>> failures = read(topic, 1);
    System.out.println("bisect: on-failure record " + failures.get(0).value());
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).key()).isEqualTo("shardId-000000000000");
    JsonNode f = JSON.readTree(failures.get(0).value());
    String poisonSeq =
        log.calls.stream()
            .filter(c -> c.data().equals(List.of("poison-17")))
            .findFirst()
            .orElseThrow()
            .records()
            .get(0)
            .getKinesis()
            .getSequenceNumber();
    assertThat(f.path("version").asText()).isEqualTo("1.0");
    assertThat(f.path("timestamp").asText()).isNotEmpty();
    assertThat(f.path("requestContext").path("condition").asText())
        .isEqualTo("RetryAttemptsExhausted");
    assertThat(f.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(3);
    assertThat(f.path("requestContext").path("functionArn").asText())
        .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:bisect-fn");
    assertThat(f.path("responseContext").path("functionError").asText()).isEqualTo("Unhandled");
    JsonNode info = f.path("KinesisBatchInfo");
    assertThat(info.path("shardId").asText()).isEqualTo("shardId-000000000000");
    assertThat(info.path("startSequenceNumber").asText()).isEqualTo(poisonSeq);
    assertThat(info.path("endSequenceNumber").asText()).isEqualTo(poisonSeq);
    assertThat(info.path("batchSize").asInt()).isEqualTo(1);
    assertThat(info.path("streamArn").asText()).isEqualTo(streams.arn("bisect"));
    assertThat(info.path("approximateArrivalOfFirstRecord").asText()).isNotEmpty();
    assertThat(info.path("approximateArrivalOfLastRecord").asText()).isNotEmpty();
  }

  @Test
  void afterASplitEachKeysRecordsReachTheFunctionInOrderParentBeforeChildren() throws Exception {
    StreamRef stream = streams.create("split", 1);
    EventSourceMapping mapping = streams.mapping("split-fn", "split", "\"BatchSize\": 50");
    Invocations log = new Invocations();
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger rounds =
        new java.util.concurrent.atomic.AtomicInteger();
    int keys = 10;
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams.runner("split").build(), mapping, () -> new RecordingHandler(log))) {
      Thread writer =
          new Thread(
              () -> {
                while (!stop.get()) {
                  int r = rounds.get();
                  streams.put(
                      stream,
                      IntStream.range(0, keys)
                          .mapToObj(k -> new String[] {"key" + k, "key" + k + ":" + r})
                          .toList());
                  rounds.incrementAndGet();
                  sleep(20);
                }
              },
              "split-writer");
      writer.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> log.allData().size() > 100);
      streams.split(stream, "shardId-000000000000");
      sleep(1_500);
      stop.set(true);
      writer.join();
      int total = keys * rounds.get();
      await().atMost(Duration.ofSeconds(60)).until(() -> log.allData().size() >= total);
      sleep(500);
    }
    java.util.Set<String> shards = new java.util.TreeSet<>();
    log.calls.forEach(
        c ->
            c.records()
                .forEach(
                    r -> shards.add(r.getEventID().substring(0, r.getEventID().indexOf(':')))));
    System.out.printf(
        "split: %d records written under %d keys, %d read, shards %s%n",
        keys * rounds.get(), keys, log.allData().size(), shards);
    assertThat(shards)
        .contains("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
    for (int k = 0; k < keys; k++) {
      String key = "key" + k;
      assertThat(log.allData().stream().filter(d -> d.startsWith(key + ":")).toList())
          .as(key + " in order, once each")
          .containsExactlyElementsOf(
              IntStream.range(0, rounds.get()).mapToObj(i -> key + ":" + i).toList());
    }
  }

  static List<ConsumerRecord<String, String>> read(String topic, int atLeast) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, streams.bootstrap);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader-" + System.nanoTime());
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(topic));
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < atLeast && System.nanoTime() < until) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      // anything more that is there
      c.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    return out;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Map<String, Object> none() {
    return Map.of();
  }
}
