package io.kinesisonkafka.adapter.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.kinesisonkafka.adapter.server.KinesisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input at the HTTP level, sent with a plain HTTP client (no SDK to keep it well formed):
 * unknown operations, bodies that do not parse, members of the wrong type. Each is a 400 with the
 * AWS error shape in the request's format, never a 500, and none of them changes anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
  private static final String STREAM = "bad-requests";

  private KinesisServer server;
  private HttpClient http;
  private URI endpoint;

  @BeforeAll
  void start() throws Exception {
    server = CompatClients.startServer("badrequests", Map.of());
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    endpoint = URI.create("http://localhost:" + server.port() + "/");
    Reply created =
        post(
            "CreateStream",
            CompatClients.JSON,
            json("{\"StreamName\":\"" + STREAM + "\",\"ShardCount\":1}"));
    assertThat(created.status()).isEqualTo(200);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                JSON.readTree(describeSummary(STREAM).body())
                    .at("/StreamDescriptionSummary/StreamStatus")
                    .asText()
                    .equals("ACTIVE"));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void anUnknownTargetIsUnknownOperationException() throws Exception {
    List<String> before = streamNames();
    Reply json = post("NoSuchOperation", CompatClients.JSON, json("{}"));
    assertError(json, "UnknownOperationException");
    Reply cbor = post("NoSuchOperation", CompatClients.CBOR, CBOR.writeValueAsBytes(Map.of()));
    assertCborError(cbor, "UnknownOperationException");
    Reply otherService =
        send(
            request(CompatClients.JSON, json("{}"))
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .build());
    assertError(otherService, "UnknownOperationException");
    Reply noTarget = send(request(CompatClients.JSON, json("{}")).build());
    assertError(noTarget, "UnknownOperationException");
    assertThat(streamNames()).isEqualTo(before);
  }

  @Test
  void aMalformedJsonBodyIsSerializationExceptionNotAServerError() throws Exception {
    List<String> before = streamNames();
    for (String body :
        List.of(
            "{\"StreamName\":\"malformed\",\"ShardCount\":1",
            "{\"StreamName\":\"malformed\" \"ShardCount\":1}",
            "not json at all",
            "[\"StreamName\",\"malformed\"]",
            "\"malformed\"")) {
      Reply reply = post("CreateStream", CompatClients.JSON, json(body));
      assertError(reply, "SerializationException");
    }
    assertThat(describeSummary("malformed").status()).isEqualTo(400);
    assertThat(streamNames()).isEqualTo(before);
  }

  @Test
  void aMemberOfTheWrongTypeIsSerializationException() throws Exception {
    List<String> before = streamNames();
    Map<String, String> bodies =
        Map.of(
            "CreateStream",
            "{\"StreamName\":\"typed\",\"ShardCount\":\"one\"}",
            "DescribeStreamSummary",
            "{\"StreamName\":5}",
            "ListStreams",
            "{\"Limit\":{\"a\":1}}",
            "AddTagsToStream",
            "{\"StreamName\":\"" + STREAM + "\",\"Tags\":[\"a\",\"b\"]}",
            "PutRecords",
            "{\"StreamName\":\"" + STREAM + "\",\"Records\":{\"Data\":\"YQ==\"}}",
            "IncreaseStreamRetentionPeriod",
            "{\"StreamName\":\"" + STREAM + "\",\"RetentionPeriodHours\":48.5}");
    for (Map.Entry<String, String> e : bodies.entrySet()) {
      Reply reply = post(e.getKey(), CompatClients.JSON, json(e.getValue()));
      assertError(reply, "SerializationException");
    }
    assertThat(describeSummary("typed").status()).isEqualTo(400);
    JsonNode summary =
        JSON.readTree(describeSummary(STREAM).body()).get("StreamDescriptionSummary");
    assertThat(summary.get("RetentionPeriodHours").asInt()).isEqualTo(24);
    assertThat(tagCount()).isZero();
    assertThat(streamNames()).isEqualTo(before);
  }

  @Test
  void undecodableBase64DataIsSerializationException() throws Exception {
    assertError(putRecordWithData("#not base64!"), "SerializationException");
    assertThat(recordCount()).isZero();
  }

  @Test
  void base64DataWithCharactersOutsideTheAlphabetIsSerializationExceptionAndWritesNothing()
      throws Exception {
    assertError(putRecordWithData("YWJj!"), "SerializationException");
    assertError(putRecordWithData("YW#Jj"), "SerializationException");
    assertThat(recordCount()).isZero();
  }

  private Reply putRecordWithData(String data) throws IOException, InterruptedException {
    return post(
        "PutRecord",
        CompatClients.JSON,
        json(
            "{\"StreamName\":\""
                + STREAM
                + "\",\"PartitionKey\":\"k\",\"Data\":\""
                + data
                + "\"}"));
  }

  @Test
  void aGarbageCborBodyIsSerializationException() throws Exception {
    List<String> before = streamNames();
    byte[][] bodies = {
      {(byte) 0xff, (byte) 0xfe, 0x00, 0x13, 0x37},
      {(byte) 0xbf, 0x6a},
      "{\"StreamName\":\"json-as-cbor\"}".getBytes(StandardCharsets.UTF_8),
      CBOR.writeValueAsBytes(List.of("StreamName", "cbor")),
    };
    for (byte[] body : bodies) {
      assertCborError(post("CreateStream", CompatClients.CBOR, body), "SerializationException");
    }
    Reply wrongType =
        post(
            "CreateStream",
            CompatClients.CBOR,
            CBOR.writeValueAsBytes(Map.of("StreamName", 5, "ShardCount", 1)));
    assertCborError(wrongType, "SerializationException");
    assertThat(streamNames()).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------

  private record Reply(int status, String contentType, String errorType, byte[] body) {}

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String contentType, byte[] body) {
    return HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private Reply post(String operation, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send(
        request(contentType, body).header("X-Amz-Target", "Kinesis_20131202." + operation).build());
  }

  private Reply send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(
        r.statusCode(),
        r.headers().firstValue("content-type").orElse(null),
        r.headers().firstValue("x-amzn-errortype").orElse(null),
        r.body());
  }

  private static void assertError(Reply reply, String type) throws IOException {
    String text = new String(reply.body(), StandardCharsets.UTF_8);
    assertThat(reply.status()).as("status of %s", text).isEqualTo(400);
    assertThat(reply.contentType()).startsWith(CompatClients.JSON);
    JsonNode body = JSON.readTree(reply.body());
    assertThat(body.get("__type").asText()).as(text).endsWith(type);
    assertThat(body.has("message")).as(text).isTrue();
  }

  private static void assertCborError(Reply reply, String type) throws IOException {
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith(CompatClients.CBOR);
    JsonNode body = CBOR.readTree(reply.body());
    assertThat(body.get("__type").asText()).as(body.toString()).endsWith(type);
  }

  private Reply describeSummary(String stream) throws IOException, InterruptedException {
    return post(
        "DescribeStreamSummary", CompatClients.JSON, json("{\"StreamName\":\"" + stream + "\"}"));
  }

  private List<String> streamNames() throws IOException, InterruptedException {
    Reply reply = post("ListStreams", CompatClients.JSON, json("{}"));
    assertThat(reply.status()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    JSON.readTree(reply.body()).get("StreamNames").forEach(n -> names.add(n.asText()));
    return names;
  }

  private int tagCount() throws IOException, InterruptedException {
    Reply reply =
        post("ListTagsForStream", CompatClients.JSON, json("{\"StreamName\":\"" + STREAM + "\"}"));
    return JSON.readTree(reply.body()).get("Tags").size();
  }

  private int recordCount() throws IOException, InterruptedException {
    Reply it =
        post(
            "GetShardIterator",
            CompatClients.JSON,
            json(
                "{\"StreamName\":\""
                    + STREAM
                    + "\",\"ShardId\":\"shardId-000000000000\",\"ShardIteratorType\":\"TRIM_HORIZON\"}"));
    String iterator = JSON.readTree(it.body()).get("ShardIterator").asText();
    Reply got =
        post("GetRecords", CompatClients.JSON, json("{\"ShardIterator\":\"" + iterator + "\"}"));
    return JSON.readTree(got.body()).get("Records").size();
  }
}
