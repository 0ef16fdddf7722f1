package io.kinesisonkafka.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.aggregation.Aggregate;
import io.kinesisonkafka.aggregation.AggregatedRecordBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each mapping setting's behaviour against AWS's documented behaviour, on a real broker. */
class MappingBehaviourIT {
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

  @Test
  void reportedItemFailuresResumeAtTheLowestFailedRecord() {
    StreamRef stream = streams.create("partial", 1);
    List<String[]> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(new String[] {"k", (i == 4 ? "fail1-" : i == 7 ? "fail2-" : "ok-") + i});
    }
    streams.put(stream, records);
    EventSourceMapping mapping =
        streams.mapping(
            "partial-fn",
            "partial",
            "\"BatchSize\": 10, \"FunctionResponseTypes\": [\"ReportBatchItemFailures\"]");
    Invocations log = new Invocations();
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams.runner("partial").build(), mapping, () -> new PartialFailureHandler(log))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> log.calls.size() >= 3);
      LambdaRunnerIT.sleep(500);
    }
    List<List<String>> batches = log.calls.stream().map(Invocations.Call::data).toList();
    System.out.println("partial: 10 records written, batches " + batches);
    assertThat(batches)
        .containsExactly(
            records.stream().map(r -> r[1]).toList(),
            List.of("fail1-4", "ok-5", "ok-6", "fail2-7", "ok-8", "ok-9"),
            List.of("fail2-7", "ok-8", "ok-9"));
  }

  @Test
  void filtersDropRecordsAndTheCheckpointStillAdvancesOverThem() {
    StreamRef stream = streams.create("filters", 1);
    List<String[]> records = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String data =
          switch (i % 3) {
            case 0 -> "{\"kind\": \"keep\", \"i\": " + i + "}";
            case 1 -> "{\"kind\": \"drop\", \"i\": " + i + "}";
            default -> "not json " + i;
          };
      records.add(new String[] {"k" + i, data});
    }
    for (int i = 30; i < 35; i++) {
      records.add(new String[] {"k" + i, "{\"kind\": \"drop\", \"i\": " + i + "}"});
    }
    streams.put(stream, records);
    String filter =
        "\"FilterCriteria\": {\"Filters\": [{\"Pattern\": \"{\\\"data\\\": {\\\"kind\\\":"
            + " [\\\"keep\\\"]}}\"}]}";
    EventSourceMapping mapping = streams.mapping("filters-fn", "filters", filter);
    Invocations log = new Invocations();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams.runner("filters").meterRegistry(meters).build(),
            mapping,
            () -> new RecordingHandler(log))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  meters.counter("PolledEventCount", tags("filters-fn", "filters")).count() >= 35);
      LambdaRunnerIT.sleep(1_500);
    }
    double filtered =
        meters.counter("FilteredOutEventCount", tags("filters-fn", "filters")).count();
    System.out.printf(
        "filters: 35 records written, %d delivered, %.0f filtered out%n",
        log.allData().size(), filtered);
    assertThat(log.allData())
        .containsExactlyElementsOf(
            IntStream.range(0, 10)
                .mapToObj(i -> "{\"kind\": \"keep\", \"i\": " + i * 3 + "}")
                .toList());
    assertThat(filtered).isEqualTo(25);

    // The tail was all filtered out: a new worker starts after it.
    streams.put(stream, "k", "{\"kind\": \"keep\", \"i\": 99}");
    Invocations again = new Invocations();
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams.runner("filters").build(), mapping, () -> new RecordingHandler(again))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !again.allData().isEmpty());
      LambdaRunnerIT.sleep(1_000);
    }
    System.out.println("filters restart: " + again.allData());
    assertThat(again.allData()).containsExactly("{\"kind\": \"keep\", \"i\": 99}");
  }

  private static List<io.micrometer.core.instrument.Tag> tags(String function, String stream) {
    return List.of(
        io.micrometer.core.instrument.Tag.of("FunctionName", function),
        io.micrometer.core.instrument.Tag.of("StreamName", stream));
  }

  @Test
  void aTumblingWindowCarriesItsStateAndEndsWithAFinalInvocation() {
    StreamRef stream = streams.create("window", 1);
    EventSourceMapping mapping =
        streams.mapping("window-fn", "window", "\"BatchSize\": 4, \"TumblingWindowInSeconds\": 2");
    List<WindowHandler.Call> calls = WindowHandler.log();
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams.runner("window").build(), mapping, () -> new WindowHandler(calls))) {
      List<String[]> records =
          IntStream.rangeClosed(1, 20)
              .mapToObj(i -> new String[] {"k", Integer.toString(i)})
              .toList();
      streams.put(stream, records.subList(0, 10));
      streams.put(stream, records.subList(10, 20));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  calls.stream()
                          .filter(WindowHandler.Call::isFinal)
                          .mapToLong(c -> Long.parseLong(c.stateIn().getOrDefault("count", "0")))
                          .sum()
                      >= 20);
    }
    calls.forEach(c -> System.out.println("window: " + c));
    long sum = 0;
    WindowHandler.Call previous = null;
    for (WindowHandler.Call c : calls) {
      if (previous == null || previous.isFinal()) {
        assertThat(c.stateIn()).as("a window starts with an empty state").isEmpty();
        Instant start = Instant.parse(c.start());
        assertThat(start.toEpochMilli() % 2_000).isZero();
        assertThat(Instant.parse(c.end())).isEqualTo(start.plusSeconds(2));
      } else {
        assertThat(c.start())
            .as("one window until its final invocation")
            .isEqualTo(previous.start());
        long before = Long.parseLong(previous.stateIn().getOrDefault("count", "0"));
        assertThat(c.stateIn().get("count"))
            .as("the state the previous call returned")
            .isEqualTo(Long.toString(before + previous.records()));
      }
      if (c.isFinal()) {
        assertThat(c.records()).isZero();
        sum += Long.parseLong(c.stateIn().get("sum"));
      }
      previous = c;
    }
    System.out.printf("window: 20 records written, final states sum to %d%n", sum);
    assertThat(sum).isEqualTo(210);
    assertThat(calls.get(calls.size() - 1).isFinal()).isTrue();
  }

  @Test
  void parallelBatchesOfAShardKeepEachPartitionKeysOrder() {
    StreamRef stream = streams.create("parallel", 1);
    List<String[]> records = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      for (int k = 0; k < 8; k++) {
        records.add(new String[] {"key" + k, "key" + k + ":" + i});
      }
    }
    streams.put(stream, records);
    EventSourceMapping mapping =
        streams.mapping(
            "parallel-fn", "parallel", "\"BatchSize\": 5, \"ParallelizationFactor\": 4");
    Invocations log = new Invocations();
    long start = System.nanoTime();
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams.runner("parallel").build(), mapping, () -> new KeyOrderHandler(log, 20))) {
      await().atMost(Duration.ofSeconds(90)).until(() -> log.allData().size() >= 240);
    }
    System.out.printf(
        "parallel: 240 records written, %d read in %d invocations, at most %d at once, %d ms%n",
        log.allData().size(),
        log.calls.size(),
        log.maxRunning.get(),
        (System.nanoTime() - start) / 1_000_000);
    List<String> all = log.allData();
    for (int k = 0; k < 8; k++) {
      String key = "key" + k;
      List<String> seen = all.stream().filter(d -> d.startsWith(key + ":")).toList();
      assertThat(seen)
          .as(key + " in order, once each")
          .containsExactlyElementsOf(IntStream.range(0, 30).mapToObj(i -> key + ":" + i).toList());
    }
    assertThat(log.maxRunning.get()).as("batches of one shard ran concurrently").isGreaterThan(1);
  }

  @Test
  void aHandlerThatThrowsTimesOutOrAnswersMalformedIsRetriedThenDiscardedNeverStuck(
      @TempDir Path dir) throws Exception {
    StreamRef stream = streams.create("troubled", 1);
    List<String> data = List.of("ok-0", "poison-1", "ok-2", "slow-3", "ok-4", "bad-5", "ok-6");
    streams.put(stream, data.stream().map(d -> new String[] {"k", d}).toList());
    Path failures = dir.resolve("failures.jsonl");
    EventSourceMapping mapping =
        streams.mapping(
            "troubled-fn",
            "troubled",
            "\"BatchSize\": 1, \"MaximumRetryAttempts\": 1,"
                + " \"FunctionResponseTypes\": [\"ReportBatchItemFailures\"],"
                + " \"DestinationConfig\": {\"OnFailure\": {\"Destination\": \"file:"
                + failures
                + "\"}}");
    Invocations log = new Invocations();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    long start = System.nanoTime();
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams
                .runner("troubled")
                .functionTimeout(Duration.ofSeconds(1))
                .meterRegistry(meters)
                .build(),
            mapping,
            () -> new TroubledHandler(log))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> log.allData().contains("ok-6"));
      assertThat(runner.health().isServing()).isTrue();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    List<String> lines = Files.readAllLines(failures);
    System.out.printf(
        "troubled: 7 records written, calls %s, %d on-failure records, %d ms%n",
        log.allData(), lines.size(), millis);
    assertThat(log.allData())
        .containsExactly(
            "ok-0",
            "poison-1",
            "poison-1",
            "ok-2",
            "slow-3",
            "slow-3",
            "ok-4",
            "bad-5",
            "bad-5",
            "ok-6");
    assertThat(lines).hasSize(3);
    List<JsonNode> records = new ArrayList<>();
    for (String l : lines) {
      records.add(JSON.readTree(l));
    }
    assertThat(records)
        .allSatisfy(
            r -> {
              assertThat(r.path("requestContext").path("condition").asText())
                  .isEqualTo("RetryAttemptsExhausted");
              assertThat(r.path("requestContext").path("approximateInvokeCount").asInt())
                  .isEqualTo(2);
              assertThat(r.path("KinesisBatchInfo").path("batchSize").asInt()).isEqualTo(1);
            });
    assertThat(records.get(0).path("responseContext").path("functionError").asText())
        .isEqualTo("Unhandled");
    assertThat(records.get(1).path("responseContext").path("functionError").asText())
        .isEqualTo("Unhandled");
    assertThat(records.get(2).path("responseContext").has("functionError")).isFalse();
    assertThat(
            log.calls.stream()
                .filter(c -> c.data().equals(List.of("slow-3")))
                .mapToInt(Invocations.Call::remainingMs))
        .allSatisfy(ms -> assertThat(ms).isBetween(1, 1_000));

    List<io.micrometer.core.instrument.Tag> tags = tags("troubled-fn", "troubled");
    System.out.printf(
        "troubled metrics: Invocations %.0f, Errors %.0f, DroppedEventCount %.0f,"
            + " OnFailureDestinationDeliveredEventCount %.0f, IteratorAge max %.0f ms%n",
        meters.counter("Invocations", tags).count(),
        meters.counter("Errors", tags).count(),
        meters.counter("DroppedEventCount", tags).count(),
        meters.counter("OnFailureDestinationDeliveredEventCount", tags).count(),
        meters.summary("IteratorAge", tags).max());
    assertThat(meters.counter("Invocations", tags).count()).isEqualTo(10);
    assertThat(meters.counter("Errors", tags).count())
        .as("the throws and the timeouts")
        .isEqualTo(4);
    assertThat(meters.counter("DroppedEventCount", tags).count()).isEqualTo(3);
    assertThat(meters.counter("OnFailureDestinationDeliveredEventCount", tags).count())
        .isEqualTo(3);
    assertThat(meters.counter("Throttles", tags).count()).isZero();
    assertThat(meters.summary("IteratorAge", tags).count()).isEqualTo(10);
  }

  @Test
  void aRetriedRecordShowsItsOriginalDataWhateverTheFailedInvocationWroteIntoItsBuffer() {
    // The function owns its data buffers as in Lambda (writable, array-backed) and scribbles over
    // them every time; a bisect, a resumed partial failure and a plain retry must still show each
    // record's original data.
    StreamRef stream = streams.create("scribbled", 1);
    List<String> data = List.of("r0", "r1", "r2", "r3");
    streams.put(stream, data.stream().map(d -> new String[] {"k", d}).toList());
    EventSourceMapping mapping =
        streams.mapping(
            "scribbled-fn",
            "scribbled",
            "\"BatchSize\": 4, \"BisectBatchOnFunctionError\": true,"
                + " \"FunctionResponseTypes\": [\"ReportBatchItemFailures\"]");
    Invocations log = new Invocations();
    List<String> notOwned = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    RequestHandler<KinesisEvent, com.amazonaws.services.lambda.runtime.events.StreamsEventResponse>
        scribbler =
            (event, context) -> {
              log.begin(event, context);
              log.end();
              int call = calls.incrementAndGet();
              for (KinesisEventRecord r : event.getRecords()) {
                ByteBuffer b = r.getKinesis().getData();
                if (b.isReadOnly() || !b.hasArray() || b.array().length != b.remaining()) {
                  notOwned.add(call + ":" + Invocations.data(r));
                  continue;
                }
                Arrays.fill(b.array(), (byte) 'X');
              }
              return switch (call) {
                case 1, 3 -> throw new IllegalStateException("call " + call + " fails");
                case 2 ->
                    new StreamsEventResponse(
                        List.of(
                            new StreamsEventResponse.BatchItemFailure(
                                event.getRecords().get(1).getKinesis().getSequenceNumber())));
                default -> null;
              };
            };
    try (LambdaRunner runner =
        LambdaRunner.start(streams.runner("scribbled").build(), mapping, () -> scribbler)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> log.calls.size() >= 5);
      LambdaRunnerIT.sleep(500);
    }
    List<List<String>> batches = log.calls.stream().map(Invocations.Call::data).toList();
    System.out.println("scribbled: 4 records written, batches " + batches);
    assertThat(notOwned).as("buffers that were not the function's own").isEmpty();
    assertThat(batches)
        .containsExactly(
            data, List.of("r0", "r1"), List.of("r1"), List.of("r1"), List.of("r2", "r3"));
  }

  @Test
  void kplAggregatesReachTheHandlerAsUserRecordsAndAFailureResumesAtTheirAggregate() {
    StreamRef stream = streams.create("aggregates", 1);
    streams.put(stream, "p", "ok-plain-0");
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();
    for (String d : List.of("ok-a0", "ok-a1", "fail1-a2", "ok-a3", "ok-a4")) {
      builder.tryAdd("key-" + d, null, d.getBytes(StandardCharsets.UTF_8));
    }
    Aggregate aggregate = builder.build();
    streams.putBytes(stream, aggregate.partitionKey(), aggregate.data());
    streams.put(stream, "p", "ok-plain-1");
    EventSourceMapping mapping =
        streams.mapping(
            "aggregates-fn",
            "aggregates",
            "\"FunctionResponseTypes\": [\"ReportBatchItemFailures\"]");
    Invocations log = new Invocations();
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams.runner("aggregates").build(), mapping, () -> new PartialFailureHandler(log))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> log.calls.size() >= 2);
      LambdaRunnerIT.sleep(500);
    }
    List<List<String>> batches = log.calls.stream().map(Invocations.Call::data).toList();
    System.out.println(
        "aggregates: 2 records and a KPL aggregate of 5 written, batches " + batches);
    assertThat(batches)
        .containsExactly(
            List.of("ok-plain-0", "ok-a0", "ok-a1", "fail1-a2", "ok-a3", "ok-a4", "ok-plain-1"),
            List.of("ok-a0", "ok-a1", "fail1-a2", "ok-a3", "ok-a4", "ok-plain-1"));
    List<KinesisEventRecord> users = log.calls.get(0).records().subList(1, 6);
    assertThat(users.stream().map(r -> r.getKinesis().getSequenceNumber()).distinct()).hasSize(1);
    assertThat(users.stream().map(r -> r.getKinesis().getPartitionKey()))
        .containsExactly("key-ok-a0", "key-ok-a1", "key-fail1-a2", "key-ok-a3", "key-ok-a4");
  }

  @Test
  void aHandlerThatLeavesItsThreadInterruptedDoesNotStopItsShard() {
    // Plain batches run on the lane's own thread: an interrupt the function leaves set must not
    // end the lane's next wait for records.
    StreamRef stream = streams.create("interrupting", 1);
    EventSourceMapping mapping =
        streams.mapping("interrupting-fn", "interrupting", "\"BatchSize\": 1");
    Invocations log = new Invocations();
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams.runner("interrupting").build(),
            mapping,
            () ->
                (RequestHandler<KinesisEvent, Void>)
                    (event, context) -> {
                      log.begin(event, context);
                      log.end();
                      Thread.currentThread().interrupt();
                      return null;
                    })) {
      streams.put(stream, "k", "r0");
      await().atMost(Duration.ofSeconds(60)).until(() -> log.allData().size() >= 1);
      LambdaRunnerIT.sleep(300); // the lane is waiting for records again
      streams.put(stream, "k", "r1");
      streams.put(stream, "k", "r2");
      await().atMost(Duration.ofSeconds(60)).until(() -> log.allData().size() >= 3);
      assertThat(runner.health().isServing()).isTrue();
    }
    System.out.println("interrupting: 3 records written, calls " + log.allData());
    assertThat(log.allData()).containsExactly("r0", "r1", "r2");
  }

  @Test
  void theBatchingWindowGathersRecordsIntoOneInvocation() {
    StreamRef stream = streams.create("gather", 1);
    EventSourceMapping mapping =
        streams.mapping("gather-fn", "gather", "\"MaximumBatchingWindowInSeconds\": 3");
    Invocations log = new Invocations();
    try (LambdaRunner runner =
        LambdaRunner.start(
            streams.runner("gather").build(), mapping, () -> new RecordingHandler(log))) {
      for (int i = 0; i < 5; i++) {
        streams.put(stream, "k", "g" + i);
        LambdaRunnerIT.sleep(100);
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> log.allData().size() >= 5);
    }
    System.out.println(
        "gather: 5 records written 100 ms apart, invocations "
            + log.calls.stream().map(Invocations.Call::data).toList());
    assertThat(log.calls).hasSize(1);
  }

  @Test
  void aFailingBatchOlderThanTheMaximumRecordAgeIsDiscardedAtOnce(@TempDir Path dir)
      throws Exception {
    StreamRef stream = streams.create("aged", 1);
    streams.put(
        stream,
        List.of(
            new String[] {"k", "ok-0"},
            new String[] {"k", "poison-1"},
            new String[] {"k", "ok-2"}));
    Path failures = dir.resolve("aged.jsonl");
    EventSourceMapping mapping =
        streams.mapping(
            "aged-fn",
            "aged",
            "\"BatchSize\": 1, \"MaximumRecordAgeInSeconds\": 60,"
                + " \"DestinationConfig\": {\"OnFailure\": {\"Destination\": \"file:"
                + failures
                + "\"}}");
    Invocations log = new Invocations();
    // The runner's clock is 5 minutes ahead: every record is older than 60 s to it.
    java.time.Clock ahead =
        java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(5));
    try (LambdaRunner runner =
        LambdaRunner.start(
            RunnerConfig.custom().scheduler(streams.scheduler("aged").clock(ahead).build()).build(),
            mapping,
            () -> new RecordingHandler(log))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> log.allData().contains("ok-2"));
    }
    List<String> lines = Files.readAllLines(failures);
    System.out.printf("aged: 3 records written, calls %s, on-failure %s%n", log.allData(), lines);
    assertThat(log.allData()).containsExactly("ok-0", "poison-1", "ok-2");
    assertThat(lines).hasSize(1);
    assertThat(JSON.readTree(lines.get(0)).path("requestContext").path("condition").asText())
        .isEqualTo("RecordAgeExceeded");
  }
}
