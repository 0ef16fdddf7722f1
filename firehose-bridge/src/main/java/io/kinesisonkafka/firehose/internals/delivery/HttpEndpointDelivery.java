package io.kinesisonkafka.firehose.internals.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisonkafka.firehose.Compression;
import io.kinesisonkafka.firehose.Destination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Delivers a batch to an HTTP endpoint in Firehose's HTTP endpoint delivery format, in requests of
 * at most 10,000 records. A request's id is derived from the batch (stream, partition, first
 * offset, request index), so it is the same on every retry and after a restart: the endpoint can
 * drop duplicates by it. Failed requests are retried for the retry duration (not a 413); then their
 * records go to the error output as {@code http-endpoint-failed}.
 */
public final class HttpEndpointDelivery implements BatchSink {
  static final int MAX_RECORDS = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String stream;
  private final String sourceArn;
  private final Destination.HttpEndpoint endpoint;
  private final Transformation transformation;
  private final String function;
  private final Retrier retrier;
  private final Duration retryDuration;
  private final ErrorOutput errors;
  private final DeliveryMetrics metrics;
  private final Clock clock;
  private final HttpClient client;

  /** {@code sourceArn}: the delivery stream's ARN, sent to the endpoint with every request. */
  public HttpEndpointDelivery(
      DeliveryContext context, String sourceArn, Destination.HttpEndpoint endpoint) {
    this.stream = context.stream();
    this.sourceArn = sourceArn;
    this.endpoint = endpoint;
    this.transformation = context.transformation();
    this.function = context.function();
    this.retrier = context.retrier();
    this.retryDuration = context.retryDuration();
    this.errors = context.errorOutput(endpoint.backupBucket(), endpoint.errorOutputPrefix());
    this.metrics = context.metrics();
    this.clock = context.clock();
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public void deliver(Batch batch) {
    List<BufferedRecord> records = batch.records();
    List<byte[]> data = new ArrayList<>();
    List<Transformation.Failure> failed = new ArrayList<>();
    if (transformation != null) {
      Transformation.Outcome o = transformation.apply(records);
      o.ok().forEach(r -> data.add(r.data()));
      failed.addAll(o.failed());
      metrics.processed(o.invocations(), 0, o.ok().size());
      errors.write(batch, "processing-failed", failed, function);
      records = null;
    } else {
      records.forEach(r -> data.add(r.data()));
    }
    List<Transformation.Failure> undelivered = new ArrayList<>();
    for (int i = 0, request = 0; i < data.size(); i += MAX_RECORDS, request++) {
      List<byte[]> chunk = data.subList(i, Math.min(data.size(), i + MAX_RECORDS));
      String requestId =
          UUID.nameUUIDFromBytes(
                  (stream + "/" + batch.partition() + "/" + batch.firstOffset() + "/" + request)
                      .getBytes(StandardCharsets.UTF_8))
              .toString();
      byte[] body = body(requestId, chunk);
      int[] attempts = {0};
      try {
        retrier.runFor(
            retryDuration,
            () -> {
              attempts[0]++;
              post(requestId, body);
            },
            metrics::deliveryFailed);
        long bytes = 0;
        for (byte[] d : chunk) {
          bytes += d.length;
        }
        metrics.delivered(
            chunk.size(), bytes, batch.oldestArrival().toEpochMilli(), clock.millis());
      } catch (RuntimeException e) {
        for (int j = 0; j < chunk.size(); j++) {
          BufferedRecord source =
              records != null
                  ? records.get(i + j)
                  : new BufferedRecord(
                      batch.partition(),
                      batch.firstOffset(),
                      i + j,
                      batch.oldestArrival().toEpochMilli(),
                      chunk.get(j));
          undelivered.add(
              new Transformation.Failure(
                  source, attempts[0], "HttpEndpoint.DestinationException", e.getMessage()));
        }
      }
    }
    if (!undelivered.isEmpty()) {
      errors.write(batch, "http-endpoint-failed", undelivered, null);
    }
  }

  private byte[] body(String requestId, List<byte[]> chunk) {
    ObjectNode root = JSON.createObjectNode();
    root.put("requestId", requestId);
    root.put("timestamp", clock.millis());
    ArrayNode records = root.putArray("records");
    Base64.Encoder b64 = Base64.getEncoder();
    for (byte[] d : chunk) {
      records.addObject().put("data", b64.encodeToString(d));
    }
    try {
      byte[] json = JSON.writeValueAsBytes(root);
      return endpoint.gzip() ? Encoding.encode(List.of(json), false, Compression.GZIP) : json;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void post(String requestId, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(endpoint.url()))
            .timeout(Duration.ofMinutes(3))
            .header("Content-Type", "application/json")
            .header("X-Amz-Firehose-Protocol-Version", "1.0")
            .header("X-Amz-Firehose-Request-Id", requestId)
            .header("X-Amz-Firehose-Source-Arn", sourceArn)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (endpoint.accessKey() != null) {
      request.header("X-Amz-Firehose-Access-Key", endpoint.accessKey());
    }
    if (!endpoint.commonAttributes().isEmpty()) {
      ObjectNode attributes = JSON.createObjectNode();
      ObjectNode common = attributes.putObject("commonAttributes");
      endpoint.commonAttributes().forEach(common::put);
      request.header("X-Amz-Firehose-Common-Attributes", attributes.toString());
    }
    if (endpoint.gzip()) {
      request.header("Content-Encoding", "gzip");
    }
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("POST to " + endpoint.url() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted posting to " + endpoint.url(), e);
    }
    if (response.statusCode() == 413) {
      throw new Retrier.Permanent(endpoint.url() + " answered 413: the request is too large");
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(endpoint.url() + " answered HTTP " + response.statusCode());
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(endpoint.url() + " answered a malformed body", e);
    }
    if (answer == null || !requestId.equals(answer.path("requestId").asText(null))) {
      throw new IllegalStateException(endpoint.url() + " answered without request id " + requestId);
    }
  }
}
