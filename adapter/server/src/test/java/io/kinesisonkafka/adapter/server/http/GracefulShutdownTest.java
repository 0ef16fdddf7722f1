package io.kinesisonkafka.adapter.server.http;

import static io.kinesisonkafka.adapter.server.http.Clients.execute;
import static io.kinesisonkafka.adapter.server.http.Clients.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.server.http.Clients.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

/** close(): drain, wait for requests in flight, end open streams, close; and idle connections. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GracefulShutdownTest {
  private final TestApi api = new TestApi();
  private final HttpClient jdk =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  // One for the class: closing the SDK's client waits out its event loops' quiet period.
  private static final SdkAsyncHttpClient h2c = Clients.nettyHttp2();
  private HttpServer server;
  private String plain;

  private void start(Duration shutdownTimeout, Duration idleTimeout) {
    server =
        HttpServer.start(
            HttpServerConfig.custom()
                .host("127.0.0.1")
                .plainPort(0)
                .tlsPort(HttpServerConfig.OFF)
                .eventLoopThreads(1)
                .shutdownTimeout(shutdownTimeout)
                .idleTimeout(idleTimeout)
                .build(),
            api,
            Endpoints.alwaysReady());
    plain = "http://127.0.0.1:" + server.plainPort();
  }

  @AfterAll
  static void closeClient() {
    h2c.close();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    api.close();
  }

  @Test
  void close_lets_in_flight_requests_on_http1_and_http2_finish() throws Exception {
    start(Duration.ofSeconds(5), Duration.ZERO);
    CompletableFuture<HttpResponse<String>> h1 =
        jdk.sendAsync(
            HttpRequest.newBuilder(URI.create(plain + "/slow?ms=600&id=h1"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    CompletableFuture<Reply> h2 =
        CompletableFuture.supplyAsync(
            () -> Clients.call(h2c, plain, "POST", "/slow?ms=600&id=h2", new byte[0]));
    assertThat(api.slowStarted.poll(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(api.slowStarted.poll(5, TimeUnit.SECONDS)).isNotNull();

    long started = System.nanoTime();
    server.close();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(h1.get(5, TimeUnit.SECONDS).body()).isEqualTo("slow h1");
    assertThat(h2.get(5, TimeUnit.SECONDS).text()).isEqualTo("slow h2");
    assertThat(tookMillis).isBetween(200L, 5000L);
    assertThatThrownBy(() -> new Socket("127.0.0.1", server.plainPort()).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void close_ends_open_streaming_responses_so_clients_see_a_clean_end() throws Exception {
    start(Duration.ofSeconds(5), Duration.ZERO);
    CompletableFuture<HttpResponse<String>> h1 =
        jdk.sendAsync(
            HttpRequest.newBuilder(URI.create(plain + "/hold"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    ByteArrayOutputStream h2Body = new ByteArrayOutputStream();
    CompletableFuture<Void> h2 = new CompletableFuture<>();
    execute(
        h2c,
        request(plain, "POST", "/hold"),
        new byte[0],
        h -> {},
        Clients.subscriber(
            b -> h2Body.writeBytes(Clients.bytes(b)),
            () -> h2.complete(null),
            h2::completeExceptionally),
        h2::completeExceptionally);
    StreamingResponse first = api.held.poll(5, TimeUnit.SECONDS);
    StreamingResponse second = api.held.poll(5, TimeUnit.SECONDS);

    server.close();

    assertThat(h1.get(5, TimeUnit.SECONDS).body()).isEqualTo("hello\n");
    h2.get(5, TimeUnit.SECONDS);
    assertThat(h2Body.toString(StandardCharsets.US_ASCII)).isEqualTo("hello\n");
    assertThat(first.isClosed()).isTrue();
    assertThat(second.isClosed()).isTrue();
  }

  @Test
  void close_gives_up_on_requests_still_unanswered_after_the_timeout() throws Exception {
    start(Duration.ofMillis(300), Duration.ZERO);
    CompletableFuture<HttpResponse<String>> h1 =
        jdk.sendAsync(
            HttpRequest.newBuilder(URI.create(plain + "/slow?ms=30000"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    api.slowStarted.poll(5, TimeUnit.SECONDS);

    long started = System.nanoTime();
    server.close();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(tookMillis).isBetween(250L, 4000L);
    assertThatThrownBy(() -> h1.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void idle_connections_are_closed_after_the_idle_timeout() throws Exception {
    start(Duration.ofSeconds(1), Duration.ofMillis(300));

    String silent = RawHttp.exchange(server.plainPort(), "");
    String afterOneRequest =
        RawHttp.exchange(server.plainPort(), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(silent).isEmpty();
    assertThat(afterOneRequest).startsWith("HTTP/1.1 200 OK").endsWith("ok");
  }
}
