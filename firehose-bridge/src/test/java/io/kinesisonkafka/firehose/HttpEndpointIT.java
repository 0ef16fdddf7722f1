package io.kinesisonkafka.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Firehose's HTTP endpoint delivery format against an endpoint that fails for a while. */
class HttpEndpointIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path root;
  private HttpServer endpoint;
  private final AtomicInteger failFirst = new AtomicInteger();
  private final List<String> requestIds = new CopyOnWriteArrayList<>();
  private final List<String> accessKeys = new CopyOnWriteArrayList<>();
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startEndpoint() throws Exception {
    endpoint = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    endpoint.createContext(
        "/ingest",
        exchange -> {
          JsonNode body = JSON.readTree(exchange.getRequestBody());
          String id = exchange.getRequestHeaders().getFirst("X-Amz-Firehose-Request-Id");
          requestIds.add(id);
          accessKeys.add(exchange.getRequestHeaders().getFirst("X-Amz-Firehose-Access-Key"));
          byte[] answer;
          int status;
          if (failFirst.getAndDecrement() > 0) {
            status = 503;
            answer = new byte[0];
          } else {
            for (JsonNode r : body.get("records")) {
              received.add(
                  new String(
                      Base64.getDecoder().decode(r.get("data").asText()), StandardCharsets.UTF_8));
            }
            status = 200;
            answer =
                JSON.writeValueAsBytes(
                    JSON.createObjectNode()
                        .put("requestId", body.get("requestId").asText())
                        .put("timestamp", 1));
          }
          exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    endpoint.start();
  }

  @AfterEach
  void stopEndpoint() {
    endpoint.stop(0);
  }

  private String url() {
    return "http://localhost:" + endpoint.getAddress().getPort() + "/ingest";
  }

  private static List<byte[]> data(String... records) {
    List<byte[]> out = new ArrayList<>();
    for (String r : records) {
      out.add(r.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void anEndpointDownForAWhileGetsEveryRecordOnceUnderOneRequestId() {
    failFirst.set(3);
    String u = TestBridges.unique("http");
    try (FirehoseBridge bridge = TestBridges.start(u, ObjectStore.files(root), b -> b)) {
      bridge.create(
          DeliveryStreamConfig.builder("to-http")
              .destination(Destination.HttpEndpoint.of(url(), "backup").withAccessKey("secret"))
              .bufferingHints(1, 1)
              .retryDuration(Duration.ofSeconds(60))
              .build());
      bridge.putRecordBatch("to-http", data("a", "b", "c")).forEach(f -> f.join());
      await().atMost(Duration.ofSeconds(15)).until(() -> received.size() == 3);
      assertThat(received).containsExactly("a", "b", "c");
      assertThat(requestIds).hasSize(4).containsOnly(requestIds.get(0));
      assertThat(accessKeys).containsOnly("secret");
      assertThat(TestBridges.files(root)).isEmpty();
    }
  }

  @Test
  void recordsStillUndeliveredAfterTheRetryDurationGoToTheErrorPrefix() throws Exception {
    failFirst.set(Integer.MAX_VALUE);
    String u = TestBridges.unique("http-fail");
    try (FirehoseBridge bridge = TestBridges.start(u, ObjectStore.files(root), b -> b)) {
      bridge.create(
          DeliveryStreamConfig.builder("to-dead-http")
              .destination(Destination.HttpEndpoint.of(url(), "backup"))
              .bufferingHints(1, 0)
              .retryDuration(Duration.ofSeconds(1))
              .build());
      bridge.putRecordBatch("to-dead-http", data("x", "y")).forEach(f -> f.join());
      await().atMost(Duration.ofSeconds(15)).until(() -> TestBridges.lines(root).size() == 2);
      Path failed = TestBridges.files(root).get(0);
      assertThat(root.relativize(failed).toString()).startsWith("backup/http-endpoint-failed/");
      List<String> raw = new ArrayList<>();
      for (String line : TestBridges.lines(root)) {
        JsonNode f = JSON.readTree(line);
        assertThat(f.get("errorCode").asText()).isEqualTo("HttpEndpoint.DestinationException");
        assertThat(f.get("attemptsMade").asInt()).isGreaterThan(1);
        raw.add(
            new String(
                Base64.getDecoder().decode(f.get("rawData").asText()), StandardCharsets.UTF_8));
      }
      assertThat(raw).containsExactly("x", "y");
      assertThat(received).isEmpty();
    }
  }
}
