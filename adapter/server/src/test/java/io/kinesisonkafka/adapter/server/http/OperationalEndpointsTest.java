package io.kinesisonkafka.adapter.server.http;

import static io.kinesisonkafka.adapter.server.http.Clients.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.http.Clients.Reply;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

/** /health, /ready and /metrics, over HTTP/1.1 (probes, Prometheus) and HTTP/2. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OperationalEndpointsTest {
  private static final String SCRAPE = "# TYPE IncomingRecords counter\nIncomingRecords 42\n";

  private static final Endpoints.Probe SERVING = new Endpoints.Probe(true, true, "");
  private static final AtomicReference<Endpoints.Probe> probe = new AtomicReference<>(SERVING);
  private static TestApi api;
  private static HttpServer server;
  private static SdkHttpClient apache;
  private static SdkAsyncHttpClient h2c;
  private static String plain;

  @BeforeAll
  static void start() {
    api = new TestApi();
    server =
        HttpServer.start(
            HttpServerConfig.custom()
                .host("127.0.0.1")
                .plainPort(0)
                .tlsPort(HttpServerConfig.OFF)
                .eventLoopThreads(1)
                .build(),
            api,
            Endpoints.of(probe::get, () -> SCRAPE));
    plain = "http://127.0.0.1:" + server.plainPort();
    apache = Clients.apache();
    h2c = Clients.nettyHttp2();
  }

  @AfterAll
  static void stop() {
    apache.close();
    h2c.close();
    server.close();
    api.close();
  }

  @Test
  void health_is_ok_while_the_process_is_up() {
    Reply h1 = call(apache, plain, "GET", "/health", new byte[0]);
    Reply h2 = call(h2c, plain, "GET", "/health", new byte[0]);

    assertThat(h1.status()).isEqualTo(200);
    assertThat(h1.text()).isEqualTo("ok");
    assertThat(h2.status()).isEqualTo(200);
    assertThat(h2.text()).isEqualTo("ok");
  }

  @Test
  void ready_follows_the_supplied_readiness() {
    probe.set(new Endpoints.Probe(false, true, "Kafka unreachable for 3 s"));
    Reply notReady = call(apache, plain, "GET", "/ready", new byte[0]);
    probe.set(SERVING);
    Reply isReady = call(apache, plain, "GET", "/ready", new byte[0]);

    assertThat(notReady.status()).isEqualTo(503);
    assertThat(notReady.text()).isEqualTo("not ready: Kafka unreachable for 3 s");
    assertThat(isReady.status()).isEqualTo(200);
    assertThat(isReady.text()).isEqualTo("ready");
  }

  @Test
  void health_tells_a_waiting_process_from_a_failed_one() {
    try {
      probe.set(new Endpoints.Probe(false, true, "Kafka unreachable for 3 s"));
      Reply waiting = call(apache, plain, "GET", "/health", new byte[0]);
      probe.set(new Endpoints.Probe(false, false, "catalog reader died"));
      Reply failed = call(h2c, plain, "GET", "/health", new byte[0]);
      Reply failedReady = call(apache, plain, "GET", "/ready", new byte[0]);

      assertThat(waiting.status()).isEqualTo(200);
      assertThat(waiting.text()).isEqualTo("waiting: Kafka unreachable for 3 s");
      assertThat(failed.status()).isEqualTo(503);
      assertThat(failed.text()).isEqualTo("failed: catalog reader died");
      assertThat(failedReady.status()).isEqualTo(503);
    } finally {
      probe.set(SERVING);
    }
  }

  @Test
  void metrics_serve_the_prometheus_scrape_text() {
    Reply reply = call(apache, plain, "GET", "/metrics", new byte[0]);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("content-type")).startsWith("text/plain; version=0.0.4");
    assertThat(reply.text()).isEqualTo(SCRAPE);
  }

  @Test
  void other_methods_on_those_paths_go_to_the_api_handler() {
    Reply reply = call(apache, plain, "POST", "/health", new byte[0]);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.text()).isEqualTo("no such test path");
  }
}
