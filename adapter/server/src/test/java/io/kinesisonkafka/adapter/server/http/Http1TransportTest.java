package io.kinesisonkafka.adapter.server.http;

import static io.kinesisonkafka.adapter.server.http.Clients.call;
import static io.kinesisonkafka.adapter.server.http.TestApi.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.http.Clients.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;

/** HTTP/1.1 as the Java SDK's sync client, the AWS CLI and the KPL speak it, on both ports. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class Http1TransportTest {
  private static final int MiB = 1 << 20;

  private static TestApi api;
  private static HttpServer server;
  private static SdkHttpClient apache;
  private static HttpClient jdk;
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
    apache = Clients.apache();
    jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    apache.close();
    server.close();
    api.close();
  }

  @Test
  void many_requests_share_one_keep_alive_connection_on_the_plain_port() {
    List<Reply> replies =
        IntStream.range(0, 5)
            .mapToObj(i -> call(apache, plain, "POST", "/echo", ascii("n" + i)))
            .toList();

    assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(replies.get(3).text()).isEqualTo("n3");
    assertThat(replies.get(0).header("x-protocol")).isEqualTo("HTTP/1.1");
    assertThat(replies.get(0).header("x-tls")).isEqualTo("false");
    assertThat(replies.stream().map(r -> r.header("x-remote")).distinct()).hasSize(1);
  }

  @Test
  void many_requests_share_one_keep_alive_connection_over_tls_without_alpn() {
    List<Reply> replies =
        IntStream.range(0, 5)
            .mapToObj(i -> call(apache, tls, "POST", "/echo", ascii("t" + i)))
            .toList();

    assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(replies.get(4).text()).isEqualTo("t4");
    assertThat(replies.get(0).header("x-protocol")).isEqualTo("HTTP/1.1");
    assertThat(replies.get(0).header("x-tls")).isEqualTo("true");
    assertThat(replies.stream().map(r -> r.header("x-remote")).distinct()).hasSize(1);
  }

  @Test
  void tls_with_alpn_http_1_1_serves_http1() throws Exception {
    try (SSLSocket socket =
        (SSLSocket)
            RawHttp.trustAll().getSocketFactory().createSocket("127.0.0.1", server.tlsPort())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"http/1.1"});
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(5000);
      socket.startHandshake();
      socket
          .getOutputStream()
          .write(ascii("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));

      String response = RawHttp.readToEnd(socket.getInputStream());

      assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
      assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("ok");
    }
  }

  @Test
  void a_request_to_upgrade_to_h2c_is_answered_over_http1() throws Exception {
    // java.net.http's default on http:// is "Upgrade: h2c"; answering HTTP/1.1 is allowed.
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(plain + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("upgrade?"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(response.body()).isEqualTo("upgrade?");
  }

  @Test
  void pipelined_requests_are_answered_in_order_even_when_the_first_is_slowest() throws Exception {
    String response =
        RawHttp.exchange(
            server.plainPort(),
            "POST /slow?ms=300&id=first HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nsecond"
                + "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    assertThat(response.split("HTTP/1.1 200 OK", -1)).hasSize(4);
    assertThat(response.indexOf("slow first")).isPositive();
    assertThat(response.indexOf("second")).isGreaterThan(response.indexOf("slow first"));
    assertThat(response.lastIndexOf("ok")).isGreaterThan(response.indexOf("second"));
    assertThat(response).doesNotContain("<timeout");
  }

  @Test
  void a_streaming_response_of_1000_frames_is_read_completely_as_chunks() {
    Reply reply = call(apache, plain, "POST", "/stream?frames=1000", new byte[0]);
    Reply after = call(apache, plain, "POST", "/echo", ascii("after"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("transfer-encoding")).isEqualTo("chunked");
    assertThat(reply.header("content-length")).isNull();
    String expected =
        IntStream.range(0, 1000).mapToObj(i -> "frame-" + i + "\n").reduce("", String::concat);
    assertThat(reply.text()).isEqualTo(expected);
    assertThat(after.text()).isEqualTo("after");
    assertThat(after.header("x-remote")).isEqualTo(reply.header("x-remote"));
  }

  @Test
  void a_10_MiB_request_body_is_accepted() {
    byte[] body = new byte[10 * MiB];
    new Random(2).nextBytes(body);
    CRC32 crc = new CRC32();
    crc.update(body);

    Reply reply = call(apache, tls, "POST", "/length", body);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo(body.length + ":" + crc.getValue());
  }

  @Test
  void a_body_over_the_limit_is_refused_with_413_and_the_connection_stays_usable() {
    byte[] body = new byte[server.config().maxRequestBodyBytes() + 1];

    Reply reply = call(apache, plain, "POST", "/length", body);
    Reply after = call(apache, plain, "POST", "/echo", ascii("after"));

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.header("content-type")).isEqualTo("application/x-amz-json-1.1");
    assertThat(reply.text()).contains("larger than " + server.config().maxRequestBodyBytes());
    assertThat(after.status()).isEqualTo(200);
  }

  @Test
  void expect_100_continue_gets_the_body_sent() throws Exception {
    HttpResponse<String> response =
        jdk.send(
            HttpRequest.newBuilder(URI.create(plain + "/echo"))
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("continued"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("continued");
  }

  @Test
  void expect_100_continue_over_the_limit_is_refused_before_the_body() throws Exception {
    // Raw, because java.net.http (JDK 17) waits forever for a body after a non-100 answer.
    String response =
        RawHttp.exchange(
            server.plainPort(),
            "POST /length HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                + (server.config().maxRequestBodyBytes() + 1)
                + "\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 413 Request Entity Too Large");
    assertThat(response).doesNotContain("100 Continue").contains("RequestEntityTooLargeException");
    assertThat(response).doesNotContain("<timeout");
  }

  @Test
  void a_malformed_request_gets_400_and_the_connection_is_closed() throws Exception {
    String response =
        RawHttp.exchange(
            server.plainPort(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 Bad Request");
    assertThat(response).doesNotContain("<timeout");
    assertThat(call(apache, plain, "GET", "/health", new byte[0]).status()).isEqualTo(200);
  }

  @Test
  void a_handler_that_throws_gets_500_internal_failure() {
    Reply reply = call(apache, plain, "POST", "/throw", new byte[0]);

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.header("content-type")).isEqualTo("application/x-amz-json-1.1");
    assertThat(reply.text())
        .isEqualTo("{\"__type\":\"InternalFailure\",\"message\":\"boom \\\"quoted\\\"\"}");
  }
}
