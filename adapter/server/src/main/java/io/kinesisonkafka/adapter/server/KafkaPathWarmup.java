package io.kinesisonkafka.adapter.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.kinesisonkafka.adapter.server.http.ApiHandler;
import io.kinesisonkafka.adapter.server.http.Endpoints;
import io.kinesisonkafka.adapter.server.http.HttpServer;
import io.kinesisonkafka.adapter.server.http.HttpServerConfig;
import io.kinesisonkafka.adapter.server.operations.StartupWarmup;
import io.kinesisonkafka.adapter.server.protocol.WireFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts records through the whole path a client's PutRecords takes, before the server's port opens:
 * HTTP on a private loopback listener, the protocol handler, the engine and Kafka's producer, into
 * a stream of its own that it deletes at the end; then reads them back with GetRecords. {@link
 * io.kinesisonkafka.adapter.server.operations.StartupWarmup} covers the server's own per-record
 * code without Kafka; what it cannot reach (Kafka's producer and consumer, Netty, the request
 * handling) is what a server started cold otherwise compiles while its first clients wait: the
 * first 100,000 records after a start ran at 0.4-0.5 of the steady rate, and a second 100,000 on
 * the same server at 0.7-0.9.
 *
 * <p>It costs the start a few seconds and writes {@code records} records of 128 B and 1 KiB into
 * two topics that are deleted right after (the streams, named {@code
 * kinesis-on-kafka-warmup-<random>-1} and {@code -2}, show in ListStreams on other instances
 * meanwhile). Any failure or running past the deadline ends it with a warning; the server starts
 * anyway.
 */
final class KafkaPathWarmup {
  private static final Logger log = LoggerFactory.getLogger(KafkaPathWarmup.class);
  static final String STREAM_PREFIX = "kinesis-on-kafka-warmup-";

  /**
   * The records' data sizes, taken in turn by the calls: small ones, and ones large enough that a
   * call's records fill Kafka's 256 KiB batches (a branch a profile of small records never takes,
   * deoptimized at the first client's large records otherwise).
   */
  static final int[] RECORD_BYTES = {128, 1024};

  private static final int BATCH = 500;
  private static final int THREADS = 4;
  private static final int DISTINCT_BODIES = 8;
  private static final String TARGET = "Kinesis_20131202.";
  private static final String CBOR = "application/x-amz-cbor-1.1";
  private static final String JSON = "application/x-amz-json-1.1";

  /**
   * What the warm-up did.
   *
   * @param stream what its streams' names start with ({@code -1}, {@code -2} follow)
   */
  record Result(String stream, long put, long read, long millis) {}

  private final ObjectMapper cbor = new ObjectMapper(new CBORFactory());
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI endpoint;
  private final String name;
  private long deadline;

  private KafkaPathWarmup(URI endpoint, String name, Duration budget) {
    this.endpoint = endpoint;
    this.name = name;
    this.deadline = System.nanoTime() + budget.toNanos();
  }

  /**
   * Serves {@code handler} on a loopback port of its own and puts about {@code records} records
   * through it, then reads them back and deletes the streams.
   *
   * @throws TimeoutException past {@code budget}
   */
  static Result run(ApiHandler handler, long records, Duration budget) throws Exception {
    long start = System.nanoTime();
    HttpServerConfig loopback =
        HttpServerConfig.custom()
            .host("127.0.0.1")
            .plainPort(0)
            .tlsPort(HttpServerConfig.OFF)
            .eventLoopThreads(2)
            .build();
    try (HttpServer http =
        HttpServer.start(
            loopback,
            handler,
            Endpoints.of(() -> new Endpoints.Probe(false, true, "warm-up"), () -> ""))) {
      String name = STREAM_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong());
      KafkaPathWarmup warmup =
          new KafkaPathWarmup(URI.create("http://127.0.0.1:" + http.plainPort()), name, budget);
      return warmup.run(records, start);
    }
  }

  /**
   * Half the records into one stream, then the other half into it and a second one created
   * meanwhile: a client's first records go to a topic the producer has no metadata for yet, and
   * that branch, taken only once the hot path is compiled, would throw the compiled code away (an
   * "unstable if" deoptimization) and recompile it under the first clients' load.
   */
  private Result run(long records, long start) throws Exception {
    List<String> streams = List.of(name + "-1", name + "-2");
    List<String> created = new ArrayList<>();
    try {
      create(streams.get(0), created);
      long put = put(streams.subList(0, 1), records / 2);
      create(streams.get(1), created);
      put += put(streams, records - records / 2);
      long read = 0;
      for (String stream : streams) {
        read += read(stream);
      }
      return new Result(name, put, read, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    } finally {
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // past a missed deadline too
      for (String stream : created) {
        try {
          call(JSON, "DeleteStream", Map.of("StreamName", stream, "EnforceConsumerDeletion", true));
        } catch (IOException | RuntimeException | TimeoutException e) {
          log.warn("Could not delete the warm-up stream {}: {}", stream, e.toString());
        }
      }
    }
  }

  private void create(String stream, List<String> created) throws Exception {
    call(JSON, "CreateStream", Map.of("StreamName", stream, "ShardCount", 2));
    created.add(stream);
    while (!"ACTIVE"
        .equals(
            call(JSON, "DescribeStreamSummary", Map.of("StreamName", stream))
                .path("StreamDescriptionSummary")
                .path("StreamStatus")
                .asText())) {
      checkDeadline();
      Thread.sleep(50);
    }
  }

  /**
   * PutRecords of {@value #BATCH} records from {@value #THREADS} threads, as SDK clients do, taking
   * the streams in turn.
   */
  private long put(List<String> streams, long records) throws Exception {
    SplittableRandom random = new SplittableRandom(18);
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < DISTINCT_BODIES; i++) {
      bodies.add(
          StartupWarmup.putRecordsBody(
              WireFormat.CBOR,
              streams.get(i % streams.size()),
              BATCH,
              RECORD_BYTES[(i / streams.size()) % RECORD_BYTES.length],
              random));
    }
    long calls = Math.max(1, (records + BATCH - 1) / BATCH);
    AtomicLong next = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> new Thread(r, "warmup"));
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        done.add(
            threads.submit(
                () -> {
                  for (long c; (c = next.getAndIncrement()) < calls; ) {
                    checkDeadline();
                    JsonNode answer =
                        send(CBOR, "PutRecords", bodies.get((int) (c % bodies.size())), cbor);
                    if (answer.path("FailedRecordCount").asInt() != 0) {
                      throw new IllegalStateException("records failed: " + answer);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
    return calls * BATCH;
  }

  /** GetRecords from TRIM_HORIZON on each shard until an answer comes back empty. */
  private long read(String stream) throws Exception {
    long read = 0;
    for (int shard = 0; shard < 2; shard++) {
      String iterator =
          call(
                  CBOR,
                  "GetShardIterator",
                  Map.of(
                      "StreamName",
                      stream,
                      "ShardId",
                      String.format("shardId-%012d", shard),
                      "ShardIteratorType",
                      "TRIM_HORIZON"))
              .path("ShardIterator")
              .asText();
      while (true) {
        checkDeadline();
        JsonNode answer = call(CBOR, "GetRecords", Map.of("ShardIterator", iterator));
        int n = answer.path("Records").size();
        read += n;
        iterator = answer.path("NextShardIterator").asText();
        if (n == 0) {
          break;
        }
      }
    }
    return read;
  }

  private JsonNode call(String contentType, String operation, Map<String, Object> body)
      throws IOException, InterruptedException, TimeoutException {
    ObjectMapper mapper = contentType.equals(CBOR) ? cbor : json;
    return send(contentType, operation, mapper.writeValueAsBytes(body), mapper);
  }

  private JsonNode send(String contentType, String operation, byte[] body, ObjectMapper mapper)
      throws IOException, InterruptedException, TimeoutException {
    checkDeadline();
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("X-Amz-Target", TARGET + operation)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          operation
              + " answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return response.body().length == 0 ? json.nullNode() : mapper.readTree(response.body());
  }

  private void checkDeadline() throws TimeoutException {
    if (System.nanoTime() > deadline) {
      throw new TimeoutException("the warm-up ran past its deadline");
    }
  }
}
