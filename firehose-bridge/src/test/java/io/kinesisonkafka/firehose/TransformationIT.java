package io.kinesisonkafka.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path root;

  /** Upper-cases, drops "drop", fails "fail". */
  private static String transform(String s) {
    return s.equals("drop") ? null : s.equals("fail") ? "" : s.toUpperCase();
  }

  private static List<RecordTransformer.Result> java(RecordTransformer.Request request) {
    List<RecordTransformer.Result> out = new ArrayList<>();
    for (RecordTransformer.Record r : request.records()) {
      String t = transform(new String(r.data(), StandardCharsets.UTF_8));
      out.add(
          t == null
              ? RecordTransformer.Result.dropped(r.recordId())
              : t.isEmpty()
                  ? RecordTransformer.Result.failed(r.recordId())
                  : RecordTransformer.Result.ok(
                      r.recordId(), (t + "\n").getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private void deliverThrough(String function, FirehoseBridge bridge, int attempts) {
    bridge.create(
        DeliveryStreamConfig.builder("t")
            .destination(
                Destination.ObjectStorage.bucket("b")
                    .withPrefix("ok/", "err/!{firehose:error-output-type}/"))
            .processing(Processing.of(function))
            .bufferingHints(128, 1)
            .build());
    List<byte[]> records = new ArrayList<>();
    for (String s : List.of("a", "drop", "fail", "b")) {
      records.add(s.getBytes(StandardCharsets.UTF_8));
    }
    bridge.putRecordBatch("t", records).forEach(f -> f.join());
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                TestBridges.files(root.resolve("b/ok")).size() == 1
                    && TestBridges.files(root.resolve("b/err")).size() == 1);
    assertThat(TestBridges.lines(root.resolve("b/ok"))).containsExactly("A", "B");
    Path error = TestBridges.files(root.resolve("b/err")).get(0);
    assertThat(root.resolve("b").relativize(error).toString()).startsWith("err/processing-failed/");
    List<String> failed = TestBridges.lines(root.resolve("b/err"));
    assertThat(failed).hasSize(1);
    JsonNode f = read(failed.get(0));
    assertThat(f.get("errorCode").asText()).isEqualTo("Lambda.ProcessingFailedStatus");
    assertThat(
            new String(
                Base64.getDecoder().decode(f.get("rawData").asText()), StandardCharsets.UTF_8))
        .isEqualTo("fail");
    assertThat(f.get("attemptsMade").asInt()).isEqualTo(attempts);
    assertThat(f.has("arrivalTimestamp") && f.has("attemptEndingTimestamp") && f.has("lambdaArn"))
        .isTrue();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aJavaTransformerOksDropsAndFailsRecords() {
    String u = TestBridges.unique("java");
    try (FirehoseBridge bridge =
        TestBridges.start(
            u, ObjectStore.files(root), b -> b.transformer("upper", TransformationIT::java))) {
      deliverThrough("arn:aws:lambda:us-east-1:000000000000:function:upper", bridge, 1);
    }
  }

  @Test
  void anHttpTransformationInTheLambdaFormatIsRetriedThenOksDropsAndFailsRecords()
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer lambda = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    lambda.createContext(
        "/transform",
        exchange -> {
          byte[] body;
          int status;
          if (calls.incrementAndGet() == 1) {
            status = 500;
            body = "{}".getBytes(StandardCharsets.UTF_8);
          } else {
            JsonNode event = JSON.readTree(exchange.getRequestBody());
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode out = answer.putArray("records");
            for (JsonNode r : event.get("records")) {
              String data =
                  new String(
                      Base64.getDecoder().decode(r.get("data").asText()), StandardCharsets.UTF_8);
              String t = transform(data);
              ObjectNode o = out.addObject().put("recordId", r.get("recordId").asText());
              if (t == null) {
                o.put("result", "Dropped");
              } else if (t.isEmpty()) {
                o.put("result", "ProcessingFailed").put("data", r.get("data").asText());
              } else {
                o.put("result", "Ok")
                    .put(
                        "data",
                        Base64.getEncoder()
                            .encodeToString((t + "\n").getBytes(StandardCharsets.UTF_8)));
              }
            }
            status = 200;
            body = JSON.writeValueAsBytes(answer);
          }
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    lambda.start();
    String u = TestBridges.unique("http");
    try (FirehoseBridge bridge = TestBridges.start(u, ObjectStore.files(root), b -> b)) {
      deliverThrough("http://localhost:" + lambda.getAddress().getPort() + "/transform", bridge, 2);
      assertThat(calls).hasValue(2);
    } finally {
      lambda.stop(0);
    }
  }
}
