package io.kinesisonkafka.firehose.internals.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisonkafka.firehose.RecordTransformer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A transformation behind an HTTP URL, called with the Lambda Firehose event: {@code {invocationId,
 * deliveryStreamArn, region, records: [{recordId, approximateArrivalTimestamp, data}]}}, data in
 * base64; it answers {@code {records: [{recordId, result, data}]}}. Anything but a 200 with that
 * shape fails the invocation (the caller retries).
 */
public final class LambdaHttpTransformer implements RecordTransformer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI uri;
  private final String deliveryStreamArn;
  private final String region;
  private final HttpClient client;

  public LambdaHttpTransformer(URI uri, String deliveryStreamArn, String region) {
    this.uri = uri;
    this.deliveryStreamArn = deliveryStreamArn;
    this.region = region;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public List<Result> transform(Request request) {
    ObjectNode event = JSON.createObjectNode();
    event.put("invocationId", UUID.randomUUID().toString());
    event.put("deliveryStreamArn", deliveryStreamArn);
    event.put("region", region);
    ArrayNode records = event.putArray("records");
    Base64.Encoder b64 = Base64.getEncoder();
    for (Record r : request.records()) {
      records
          .addObject()
          .put("recordId", r.recordId())
          .put("approximateArrivalTimestamp", r.approximateArrivalTimestamp())
          .put("data", b64.encodeToString(r.data()));
    }
    HttpResponse<byte[]> response;
    try {
      response =
          client.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofMinutes(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(event)))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("transformation call to " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling " + uri, e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "transformation " + uri + " answered HTTP " + response.statusCode());
    }
    return results(response.body());
  }

  private List<Result> results(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("transformation " + uri + " answered malformed JSON", e);
    }
    JsonNode records = root == null ? null : root.get("records");
    if (records == null || !records.isArray()) {
      throw new IllegalStateException("transformation " + uri + " answered no records array");
    }
    List<Result> out = new ArrayList<>(records.size());
    Base64.Decoder b64 = Base64.getDecoder();
    for (JsonNode r : records) {
      Status status = Status.ofWireName(r.path("result").asText(null));
      String id = r.path("recordId").asText(null);
      if (status == null || id == null) {
        throw new IllegalStateException("transformation " + uri + " answered a bad record: " + r);
      }
      JsonNode data = r.get("data");
      out.add(
          new Result(id, status, data == null || data.isNull() ? null : b64.decode(data.asText())));
    }
    return out;
  }
}
