package io.kinesisonkafka.adapter.server.http;

import static io.kinesisonkafka.adapter.server.http.Clients.await;
import static io.kinesisonkafka.adapter.server.http.Clients.call;
import static io.kinesisonkafka.adapter.server.http.Clients.execute;
import static io.kinesisonkafka.adapter.server.http.Clients.request;
import static io.kinesisonkafka.adapter.server.http.TestApi.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.http.Clients.Reply;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

/** HTTP/2 as the Java SDK's async client (and so the KCL) speaks it, on both ports. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class Http2TransportTest {
  private static final int MiB = 1 << 20;

  private static TestApi api;
  private static HttpServer server;
  private static SdkAsyncHttpClient h2c;
  private static SdkAsyncHttpClient alpn;
  private static SdkAsyncHttpClient assumeProtocol;
  private static String plain;
  private static String tls;

  @BeforeAll
  static void start() {
    api = new TestApi();
    server =
        HttpServer.start(
            HttpServerConfig.custom()
                .host("127.0.0.1")
                .plainPort(0)
                .tlsPort(0)
                .eventLoopThreads(2)
                .build(),
            api,
            Endpoints.alwaysReady());
    plain = "http://127.0.0.1:" + server.plainPort();
    tls = "https://localhost:" + server.tlsPort();
    h2c = Clients.nettyHttp2();
    alpn = Clients.nettyHttp2(ProtocolNegotiation.ALPN);
    assumeProtocol = Clients.nettyHttp2(ProtocolNegotiation.ASSUME_PROTOCOL);
  }

  @AfterAll
  static void stop() {
    h2c.close();
    alpn.close();
    assumeProtocol.close();
    server.close();
    api.close();
  }

  @Test
  void the_async_sdk_client_speaks_h2c_with_prior_knowledge_on_the_plain_port() {
    Reply reply = call(h2c, plain, "POST", "/echo?a=b", ascii("hello"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("hello");
    assertThat(reply.header("x-protocol")).isEqualTo("HTTP/2");
    assertThat(reply.header("x-tls")).isEqualTo("false");
    assertThat(reply.header("x-query")).isEqualTo("a=b");
    assertThat(reply.header("x-host")).isEqualTo("127.0.0.1:" + server.plainPort());
    assertThat(reply.header("content-length")).isEqualTo("5");
  }

  @Test
  void tls_with_alpn_h2_serves_http2() {
    Reply reply = call(alpn, tls, "POST", "/echo", ascii("over alpn"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("over alpn");
    assertThat(reply.header("x-protocol")).isEqualTo("HTTP/2");
    assertThat(reply.header("x-tls")).isEqualTo("true");
  }

  @Test
  void tls_without_alpn_serves_http2_when_the_preface_follows_the_handshake() {
    Reply reply = call(assumeProtocol, tls, "POST", "/echo", ascii("assumed"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo("assumed");
    assertThat(reply.header("x-protocol")).isEqualTo("HTTP/2");
    assertThat(reply.header("x-tls")).isEqualTo("true");
  }

  @Test
  void java_net_http_negotiates_h2_by_alpn() throws Exception {
    HttpClient jdk =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .sslContext(RawHttp.trustAll())
            .build();

    HttpResponse<String> response =
        jdk.send(
            HttpRequest.newBuilder(URI.create(tls + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("jdk"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(response.headers().firstValue("x-protocol")).contains("HTTP/2");
    assertThat(response.body()).isEqualTo("jdk");
  }

  @Test
  void concurrent_requests_are_independent_streams_of_one_connection() {
    List<CompletableFuture<Reply>> replies =
        IntStream.range(0, 50)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> call(h2c, plain, "POST", "/slow?ms=50&id=" + i, new byte[0])))
            .toList();

    List<Reply> done = replies.stream().map(Clients::await).toList();
    assertThat(done).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(done.stream().map(r -> r.header("x-remote")).distinct()).hasSize(1);
    assertThat(done.get(7).text()).isEqualTo("slow 7");
  }

  @Test
  void a_streaming_response_of_1000_frames_is_read_completely() {
    Reply reply = call(h2c, plain, "POST", "/stream?frames=1000", new byte[0]);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("content-length")).isNull();
    String expected =
        IntStream.range(0, 1000).mapToObj(i -> "frame-" + i + "\n").reduce("", String::concat);
    assertThat(reply.text()).isEqualTo(expected);
  }

  @Test
  void a_slow_reader_makes_the_stream_unwritable_and_on_writable_resumes_it() throws Exception {
    AtomicReference<Subscription> subscription = new AtomicReference<>();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    CompletableFuture<Void> completed = new CompletableFuture<>();
    execute(
        h2c,
        request(plain, "POST", "/hold"),
        new byte[0],
        h -> {},
        lazySubscriber(subscription, received, completed),
        completed::completeExceptionally);
    StreamingResponse stream = api.held.poll(10, TimeUnit.SECONDS);

    byte[] chunk = new byte[64 * 1024];
    long written = 0;
    while (true) {
      while (stream.isWritable()) {
        stream.write(chunk);
        written += chunk.length;
      }
      CountDownLatch writable = new CountDownLatch(1);
      stream.onWritable(writable::countDown);
      if (!writable.await(300, TimeUnit.MILLISECONDS)) {
        break; // stalled: the reader's flow-control window is used up
      }
      assertThat(written).as("flow control must stop the writer").isLessThan(64L * MiB);
    }
    assertThat(stream.isWritable()).isFalse();
    assertThat(stream.isClosed()).isFalse();

    CountDownLatch resumed = new CountDownLatch(1);
    stream.onWritable(resumed::countDown);
    subscription.get().request(Long.MAX_VALUE);
    assertThat(resumed.await(5, TimeUnit.SECONDS)).isTrue();
    stream.write(ascii("last"));
    stream.end();

    await(completed);
    assertThat(received.size()).isEqualTo("hello\n".length() + written + "last".length());
  }

  @Test
  void a_client_reset_runs_on_closed() throws Exception {
    AtomicReference<Subscription> subscription = new AtomicReference<>();
    CompletableFuture<Void> completed = new CompletableFuture<>();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    execute(
        h2c,
        request(plain, "POST", "/hold"),
        new byte[0],
        h -> {},
        lazySubscriber(subscription, received, completed),
        completed::completeExceptionally);
    StreamingResponse stream = api.held.poll(10, TimeUnit.SECONDS);
    CountDownLatch closed = new CountDownLatch(1);
    stream.onClosed(closed::countDown);
    Awaitility.await().until(() -> subscription.get() != null);

    subscription.get().cancel();

    assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(stream.isClosed()).isTrue();
    assertThat(stream.isWritable()).isFalse();
    assertThat(stream.write(ascii("too late"))).isCompletedExceptionally();
  }

  @Test
  void a_10_MiB_request_body_is_accepted() {
    byte[] body = new byte[10 * MiB];
    new java.util.Random(1).nextBytes(body);
    CRC32 crc = new CRC32();
    crc.update(body);

    Reply reply = call(h2c, plain, "POST", "/length", body);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo(body.length + ":" + crc.getValue());
  }

  @Test
  void a_body_over_the_limit_is_refused_with_413() {
    byte[] body = new byte[server.config().maxRequestBodyBytes() + 1];

    Reply reply = call(h2c, plain, "POST", "/length", body);

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.text()).contains("larger than");
    // The connection is still good.
    assertThat(call(h2c, plain, "POST", "/echo", ascii("after")).text()).isEqualTo("after");
  }

  @Test
  void a_handler_that_throws_gets_500_internal_failure() {
    Reply reply = call(h2c, plain, "POST", "/throw", new byte[0]);

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.header("content-type")).isEqualTo("application/x-amz-json-1.1");
    assertThat(reply.text())
        .isEqualTo("{\"__type\":\"InternalFailure\",\"message\":\"boom \\\"quoted\\\"\"}");
  }

  /** Takes one buffer, then waits for the test to request more. */
  private static Subscriber<ByteBuffer> lazySubscriber(
      AtomicReference<Subscription> subscription,
      ByteArrayOutputStream received,
      CompletableFuture<Void> completed) {
    return new Subscriber<>() {
      @Override
      public void onSubscribe(Subscription s) {
        subscription.set(s);
        s.request(1);
      }

      @Override
      public void onNext(ByteBuffer b) {
        synchronized (received) {
          received.writeBytes(Clients.bytes(b));
        }
      }

      @Override
      public void onError(Throwable t) {
        completed.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        completed.complete(null);
      }
    };
  }
}
