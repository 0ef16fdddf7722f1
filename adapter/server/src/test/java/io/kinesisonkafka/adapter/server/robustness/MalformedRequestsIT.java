package io.kinesisonkafka.adapter.server.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.awaitility.Awaitility;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Generated malformed requests against a running server: JSON and CBOR bodies that are broken,
 * truncated, followed by more data or have members of the wrong type; wrong, missing and huge
 * headers and Content-Length mismatches; random bytes on the plain and the TLS port; HTTP/2 frames
 * out of order after the preface. Each gets a Kinesis error (the AWS shape, with {@code __type}) or
 * a closed connection, never a 500 that shows internals. Afterwards the server still serves, its
 * threads and heap are back near where they were, and a stream written before holds exactly its
 * records.
 */
class MalformedRequestsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
  private static final String STREAM = "guarded";
  private static final int API_THREADS = 16;

  /** How long a connection may stay silent before the answer counts as complete. */
  private static final int QUIET_MILLIS = 200;

  private static final List<String> GUARDED = List.of("r0", "r1", "r2", "r3", "r4");
  private static final Pattern INTERNALS =
      Pattern.compile(
          "io\\.kinesisonkafka|org\\.apache\\.kafka|com\\.fasterxml|io\\.netty|\\tat |Exception:|"
              + "\\.java:\\d+");
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private static KinesisServer server;
  private static KinesisClient kinesis;
  private static List<String> streamsBefore;
  private static int threadsBefore;
  private static Map<String, Long> threadNamesBefore;
  private static long heapBefore;
  private static final Map<String, AtomicInteger> outcomes =
      new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeContainer
  static void start() {
    server =
        TestServers.start(
            "malformed",
            Map.of(
                Setting.API_THREADS, "" + API_THREADS,
                Setting.HTTP_REQUEST_TIMEOUT_SECONDS, "2",
                Setting.HTTP_WRITE_TIMEOUT_SECONDS, "2"));
    kinesis = Raw.sdk(server);
    SdkStreams.createActive(kinesis, STREAM, 1);
    for (String r : GUARDED) {
      kinesis.putRecord(b -> b.streamName(STREAM).partitionKey(r).data(SdkBytes.fromUtf8String(r)));
    }
    assertThat(Raw.storedSoFar(kinesis, STREAM, "marker-before")).isEqualTo(GUARDED);
    streamsBefore = kinesis.listStreams().streamNames();
    threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    threadNamesBefore = threadNames();
    heapBefore = usedHeapAfterGc();
  }

  @AfterContainer
  static void stop() {
    try {
      System.out.println("MalformedRequestsIT outcomes: " + new java.util.TreeMap<>(outcomes));
      // Still serving, and nothing the junk did is visible.
      assertThat(kinesis.listStreams().streamNames()).isEqualTo(streamsBefore);
      assertThat(Raw.storedSoFar(kinesis, STREAM, "marker-after")).isEqualTo(GUARDED);
      // The server's pools may have grown to their configured bounds (api.threads workers, one
      // event loop per core); nothing else may have grown. HttpClient workers are this test's.
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Map<String, Long> now = threadNames();
                now.forEach(
                    (name, count) -> {
                      long bound =
                          switch (name) {
                            case "kinesis-api-#" -> API_THREADS;
                            case "kinesis-http-io-#-#" ->
                                Runtime.getRuntime().availableProcessors();
                            case "HttpClient-#-Worker-#", "awaitility-thread" -> Long.MAX_VALUE;
                            default -> threadNamesBefore.getOrDefault(name, 0L);
                          };
                      assertThat(count)
                          .as("threads %s: before %s, now %s", name, threadNamesBefore, now)
                          .isLessThanOrEqualTo(bound);
                    });
              });
      int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
      long heapAfter = usedHeapAfterGc();
      System.out.printf(
          "MalformedRequestsIT: threads %d before, %d after (%s); heap used after GC %d MiB"
              + " before, %d MiB after%n",
          threadsBefore, threadsAfter, threadNames(), heapBefore >> 20, heapAfter >> 20);
      assertThat(heapAfter).isLessThan(heapBefore + (64L << 20));
    } finally {
      kinesis.close();
      server.close();
    }
  }

  // ---- bodies --------------------------------------------------------------------------------

  @Property(tries = 250, shrinking = ShrinkingMode.OFF)
  void malformedJsonBodiesGetASerializationOrValidationError(
      @ForAll("operations") String operation, @ForAll("malformedJson") byte[] body) {
    Raw.Reply r = Raw.post(server, operation, Raw.JSON, body);
    assertKinesisError(r.status(), r.contentType(), r.body(), "json");
  }

  @Property(tries = 250, shrinking = ShrinkingMode.OFF)
  void malformedCborBodiesGetASerializationOrValidationError(
      @ForAll("operations") String operation, @ForAll("malformedCbor") byte[] body) {
    Raw.Reply r = Raw.post(server, operation, Raw.CBOR, body);
    assertKinesisError(r.status(), r.contentType(), r.body(), "cbor");
  }

  @Provide
  Arbitrary<String> operations() {
    return Arbitraries.of(
        "PutRecord",
        "PutRecords",
        "CreateStream",
        "GetRecords",
        "GetShardIterator",
        "ListShards",
        "DescribeStreamSummary",
        "AddTagsToStream",
        "SubscribeToShard",
        "UpdateShardCount");
  }

  /** Valid requests for the guarded stream, broken so that none is valid any more. */
  @Provide
  Arbitrary<byte[]> malformedJson() {
    Arbitrary<byte[]> valid = validRequests().map(MalformedRequestsIT::json);
    Arbitrary<byte[]> truncated =
        Combinators.combine(valid, Arbitraries.integers().between(0, 999))
            .as((b, f) -> Arrays.copyOf(b, b.length * f / 1000));
    Arbitrary<byte[]> trailing = Combinators.combine(valid, junk()).as(MalformedRequestsIT::concat);
    Arbitrary<byte[]> wrongTypes =
        Combinators.combine(validRequests(), wrongValues()).as((m, v) -> json(withWrongType(m, v)));
    Arbitrary<byte[]> notAnObject =
        Arbitraries.of("[]", "1", "\"s\"", "null", "true", "[{\"StreamName\":\"guarded\"}]")
            .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> deep =
        Arbitraries.integers().between(1_000, 50_000).map(n -> ("[".repeat(n)).getBytes());
    return Arbitraries.oneOf(
        truncated,
        trailing,
        wrongTypes,
        notAnObject,
        deep,
        randomBytes().filter(b -> b.length > 0));
  }

  @Provide
  Arbitrary<byte[]> malformedCbor() {
    Arbitrary<byte[]> valid = validRequests().map(MalformedRequestsIT::cbor);
    Arbitrary<byte[]> truncated =
        Combinators.combine(valid, Arbitraries.integers().between(0, 999))
            .as((b, f) -> Arrays.copyOf(b, Math.max(1, b.length * f / 1000)));
    Arbitrary<byte[]> trailing =
        Combinators.combine(
                valid, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16))
            .as(MalformedRequestsIT::concat);
    Arbitrary<byte[]> wrongTypes =
        Combinators.combine(validRequests(), wrongValues()).as((m, v) -> cbor(withWrongType(m, v)));
    Arbitrary<byte[]> hostile =
        Arbitraries.of(
            hex("bf"), // an indefinite map that never ends
            hex("5b7fffffffffffffff"), // a byte string that claims 2^63 bytes
            hex("a17f"), // a map whose key is an unfinished indefinite text string
            hex("9b00000000ffffffff"), // an array that claims 4 G items
            hex("d9d9f7a0a0"), // a tagged empty map followed by another
            hex("ff"), // a lone break
            hex("c1fb7ff8000000000000")); // a NaN timestamp as the whole body
    Arbitrary<byte[]> deep =
        Arbitraries.integers().between(1_000, 50_000).map(n -> repeat((byte) 0x81, n));
    return Arbitraries.oneOf(truncated, trailing, wrongTypes, hostile, deep, randomBytes());
  }

  private static Arbitrary<Map<String, Object>> validRequests() {
    Arbitrary<String> data = Arbitraries.strings().alpha().ofMaxLength(40);
    return Arbitraries.oneOf(
        data.map(
            d -> Map.<String, Object>of("StreamName", STREAM, "PartitionKey", "k", "Data", b64(d))),
        data.map(
            d ->
                Map.<String, Object>of(
                    "StreamName",
                    STREAM,
                    "Records",
                    List.of(
                        Map.of("PartitionKey", "a", "Data", b64(d)),
                        Map.of("PartitionKey", "b", "Data", b64(d + d))))),
        Arbitraries.just(Map.<String, Object>of("StreamName", STREAM, "ShardCount", 2)),
        Arbitraries.just(
            Map.<String, Object>of(
                "StreamName",
                STREAM,
                "ShardId",
                "shardId-000000000000",
                "ShardIteratorType",
                "TRIM_HORIZON")));
  }

  /** Values of a type no member of these requests has: a list, a map, a boolean. */
  private static Arbitrary<Object> wrongValues() {
    return Arbitraries.of(List.of(1, 2), Map.of("x", 1), true, List.of(), Map.of());
  }

  /** Every string member becomes {@code value}, every number member a string. */
  private static Map<String, Object> withWrongType(Map<String, Object> request, Object value) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    request.forEach((k, v) -> out.put(k, v instanceof Number ? "two" : value));
    return out;
  }

  // ---- headers -------------------------------------------------------------------------------

  @Property(tries = 80, shrinking = ShrinkingMode.OFF)
  void wrongMissingAndHugeHeadersGetAnErrorOrAClosedConnection(
      @ForAll("targets") String target,
      @ForAll("contentTypes") String contentType,
      @ForAll("lengths") int lengthDelta,
      @ForAll("extraHeaders") String extra) {
    // A stream that does not exist: where the headers happen to be all right, the answer is
    // ResourceNotFoundException and still nothing is stored.
    byte[] body =
        "{\"StreamName\":\"no-such-stream\",\"PartitionKey\":\"k\",\"Data\":\"aGk=\"}"
            .getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: localhost\r\n");
    if (target != null) {
      head.append("X-Amz-Target: ").append(target).append("\r\n");
    }
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length + lengthDelta).append("\r\n");
    head.append(extra).append("Connection: close\r\n\r\n");
    byte[] reply =
        exchange(concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body), false);
    assertHttp1ErrorOrClosed(reply, "headers");
  }

  @Provide
  Arbitrary<String> targets() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "Kinesis_20131202.PutRecord",
            "Kinesis_20131202.",
            "Kinesis_20131202.Nope",
            "Firehose_20150804.PutRecord",
            "kinesis_20131202.putrecord",
            ""),
        Arbitraries.strings().ofMaxLength(300).map(s -> s.replaceAll("[\\r\\n]", "")),
        Arbitraries.just(null));
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "application/x-amz-json-1.1",
            "application/x-amz-cbor-1.1",
            "text/plain",
            "application/x-amz-json-1.1; charset=\u00ff",
            ";;;",
            ""),
        Arbitraries.strings().ascii().ofMaxLength(100).map(s -> s.replaceAll("[\\r\\n]", "")),
        Arbitraries.just(null));
  }

  /** How far Content-Length is off the body: too short, right, too long. */
  @Provide
  Arbitrary<Integer> lengths() {
    return Arbitraries.of(-20, -1, 0, 0, 0, 1, 1000, 20_000_000);
  }

  @Provide
  Arbitrary<String> extraHeaders() {
    return Arbitraries.oneOf(
        Arbitraries.just(""),
        Arbitraries.integers().between(1, 200_000).map(n -> "X-Huge: " + "a".repeat(n) + "\r\n"),
        Arbitraries.integers().between(1, 3_000).map(n -> "X-Many: b\r\n".repeat(n)),
        Arbitraries.of(
            "Transfer-Encoding: chunked\r\n",
            "Transfer-Encoding: gzip, chunked\r\n",
            "Expect: 100-continue\r\n",
            "Content-Length: 3\r\n",
            "Bad Header\r\n",
            " folded: value\r\n",
            "X-Amz-Target: Kinesis_20131202.DeleteStream\r\n"));
  }

  // ---- random bytes and HTTP/2 frames ----------------------------------------------------------

  @Property(tries = 80, shrinking = ShrinkingMode.OFF)
  void randomBytesOnThePlainPortGetAnErrorOrAClosedConnection(
      @ForAll("randomBytes") byte[] bytes, @ForAll boolean asHttp2) {
    byte[] sent = asHttp2 ? concat(PREFACE, bytes) : bytes;
    byte[] reply = exchange(sent, false);
    if (!asHttp2) {
      assertHttp1ErrorOrClosed(reply, "random-plain");
    } else {
      count("random-h2", reply.length == 0 ? "nothing" : "bytes");
      assertNoInternals(reply);
    }
  }

  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void randomBytesOnTheTlsPortGetAnErrorOrAClosedConnection(
      @ForAll("randomBytes") byte[] bytes, @ForAll boolean afterHandshake) {
    byte[] reply = afterHandshake ? exchange(bytes, true) : rawTls(bytes);
    if (afterHandshake) {
      assertHttp1ErrorOrClosed(reply, "random-tls");
    } else {
      count("random-tls-handshake", reply.length == 0 ? "nothing" : "bytes");
      assertNoInternals(reply);
    }
  }

  @Property(tries = 150, shrinking = ShrinkingMode.OFF)
  void http2FramesOutOfOrderGetAGoAwayAResetOrAClosedConnection(
      @ForAll("frameSequences") byte[] frames) {
    byte[] reply = exchange(concat(PREFACE, frames), false);
    count("h2-frames", reply.length == 0 ? "nothing" : goAway(reply) ? "goaway" : "frames");
    assertNoInternals(reply);
  }

  @Provide
  Arbitrary<byte[]> randomBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
  }

  /** One to eight frames of any type, flags and stream, with random payloads: no valid order. */
  @Provide
  Arbitrary<byte[]> frameSequences() {
    Arbitrary<byte[]> frame =
        Combinators.combine(
                Arbitraries.integers().between(0, 12),
                Arbitraries.integers().between(0, 255),
                Arbitraries.of(0, 1, 2, 3, 5, 7, Integer.MAX_VALUE),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
            .as(MalformedRequestsIT::frame);
    return frame.list().ofMinSize(1).ofMaxSize(8).map(l -> concat(l.toArray(new byte[0][])));
  }

  private static byte[] frame(int type, int flags, int stream, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
    b.put((byte) (payload.length >>> 16))
        .put((byte) (payload.length >>> 8))
        .put((byte) payload.length);
    b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
    return b.array();
  }

  private static boolean goAway(byte[] reply) {
    // Frames after the server's SETTINGS: look for a GOAWAY frame type at any frame boundary.
    int i = 0;
    while (i + 9 <= reply.length) {
      int len = ((reply[i] & 0xff) << 16) | ((reply[i + 1] & 0xff) << 8) | (reply[i + 2] & 0xff);
      if (reply[i + 3] == 7) {
        return true;
      }
      i += 9 + len;
    }
    return false;
  }

  // ---- checks --------------------------------------------------------------------------------

  private static void assertKinesisError(int status, String contentType, byte[] body, String what) {
    String text = new String(body, StandardCharsets.UTF_8);
    assertThat(status).as("%s: %s", what, text).isBetween(400, 599);
    assertNoInternals(body);
    Map<?, ?> error;
    try {
      error = (Raw.CBOR.equals(contentType) ? CBOR : JSON).readValue(body, Map.class);
    } catch (IOException e) {
      throw new AssertionError(what + ": the error is not in the request's format: " + text, e);
    }
    assertThat(error.get("__type")).as("%s: %s", what, text).isInstanceOf(String.class);
    if (status >= 500) {
      assertThat(error.get("message")).isIn("Internal service failure.", null);
    }
    count(what, status + " " + error.get("__type"));
  }

  /** An HTTP/1.1 reply, if any, is an error with a Kinesis-shaped body; or nothing (closed). */
  private static void assertHttp1ErrorOrClosed(byte[] reply, String what) {
    String text = new String(reply, StandardCharsets.ISO_8859_1);
    assertNoInternals(reply);
    if (reply.length == 0) {
      count(what, "closed");
      return;
    }
    assertThat(text).as(what).startsWith("HTTP/1.1 ");
    int status = Integer.parseInt(text.substring(9, 12));
    String body = text.substring(Math.max(0, text.indexOf("\r\n\r\n") + 4));
    if (status == 100) { // Expect: 100-continue, then the answer
      int next = text.indexOf("HTTP/1.1 ", 12);
      if (next < 0) {
        count(what, "100 then closed");
        return;
      }
      status = Integer.parseInt(text.substring(next + 9, next + 12));
      body = text.substring(text.indexOf("\r\n\r\n", next) + 4);
    }
    assertThat(status).as("%s: %s", what, text).isNotEqualTo(200).isBetween(400, 599);
    assertThat(body).as("%s: %s", what, text).contains("__type");
    if (status >= 500) {
      assertThat(body).contains("Internal service failure.");
    }
    count(what, String.valueOf(status));
  }

  private static void assertNoInternals(byte[] reply) {
    String text = new String(reply, StandardCharsets.ISO_8859_1);
    assertThat(INTERNALS.matcher(text).find()).as("internals in: %s", text).isFalse();
  }

  private static void count(String what, String outcome) {
    outcomes.computeIfAbsent(what + " " + outcome, k -> new AtomicInteger()).incrementAndGet();
  }

  // ---- plumbing ------------------------------------------------------------------------------

  /**
   * Sends {@code bytes} on a fresh connection (the plain port, or the TLS port after a handshake
   * when {@code tls}) and reads until the server closes it or is quiet for a moment.
   */
  private static byte[] exchange(byte[] bytes, boolean tls) {
    try (Socket socket =
        tls
            ? trustAll().getSocketFactory().createSocket("127.0.0.1", server.tlsPort())
            : new Socket("127.0.0.1", server.port())) {
      if (tls) {
        ((SSLSocket) socket).startHandshake();
      }
      socket.setSoTimeout(QUIET_MILLIS);
      try {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // the server closed before taking it all (a 413, a bad request): read what it said
      }
      return readUntilQuiet(socket.getInputStream());
    } catch (IOException e) {
      return new byte[0]; // refused handshake or reset: a closed connection
    }
  }

  /** For bytes on the TLS port before any handshake. */
  private static byte[] rawTls(byte[] bytes) {
    try (Socket socket = new Socket("127.0.0.1", server.tlsPort())) {
      socket.setSoTimeout(QUIET_MILLIS);
      socket.getOutputStream().write(bytes);
      return readUntilQuiet(socket.getInputStream());
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static byte[] readUntilQuiet(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      // quiet: the server waits for more
    } catch (IOException e) {
      // reset
    }
    return out.toByteArray();
  }

  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

              @Override
              public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

              @Override
              public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
              }
            }
          },
          null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Live threads by name with digits taken out, for telling which pool grew. */
  private static Map<String, Long> threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                t -> t.getName().replaceAll("\\d+", "#"),
                java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static Arbitrary<byte[]> junk() {
    return Arbitraries.of("}", "]", "{}", "x", "\"", ",", "{\"StreamName\":\"other\"}", "0")
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] cbor(Object value) {
    try {
      return CBOR.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String s) {
    return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hex(String hex) {
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  private static byte[] repeat(byte b, int n) {
    byte[] out = new byte[n];
    Arrays.fill(out, b);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
