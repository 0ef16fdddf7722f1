package io.kinesisonkafka.adapter.server.robustness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Requests the AWS SDK would never send, over java.net.http, and reading back with the SDK. */
final class Raw {
  static final String JSON = "application/x-amz-json-1.1";
  static final String CBOR = "application/x-amz-cbor-1.1";
  private static final ObjectMapper JSON_MAPPER = new ObjectMapper();
  private static final ObjectMapper CBOR_MAPPER = new ObjectMapper(new CBORFactory());
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private Raw() {}

  record Reply(int status, String contentType, String errorType, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The {@code __type} and {@code message} of an error body in its own format, or null. */
    JsonNode error() {
      if (body.length == 0) {
        return null;
      }
      try {
        return (CBOR.equals(contentType) ? CBOR_MAPPER : JSON_MAPPER).readTree(body);
      } catch (IOException e) {
        return null;
      }
    }
  }

  static KinesisClient sdk(KinesisServer server) {
    return KinesisClient.builder()
        .endpointOverride(TestServers.http(server))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  static void createStream(KinesisClient kinesis, String stream, int shards) {
    SdkStreams.createActive(kinesis, stream, shards);
  }

  /** POSTs {@code body} to Kinesis_20131202.{@code operation} on the plain port. */
  static Reply post(KinesisServer server, String operation, String contentType, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(TestServers.http(server).resolve("/"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .header("X-Amz-Target", "Kinesis_20131202." + operation)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(
          r.statusCode(),
          r.headers().firstValue("content-type").orElse(null),
          r.headers().firstValue("x-amzn-errortype").orElse(null),
          r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every record of a one-shard stream up to and without {@code marker} (records named {@code
   * marker-*} are markers and left out), which the caller put last: reading until the marker shows
   * makes "nothing else was stored" a fact, not a race with the broker.
   */
  static List<String> recordsBefore(KinesisClient kinesis, String stream, String marker) {
    String shardId = kinesis.listShards(r -> r.streamName(stream)).shards().get(0).shardId();
    String iterator =
        kinesis
            .getShardIterator(
                r ->
                    r.streamName(stream)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    List<String> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() - deadline < 0) {
      String it = iterator;
      GetRecordsResponse got = kinesis.getRecords(r -> r.shardIterator(it));
      for (Record record : got.records()) {
        String data = record.data().asUtf8String();
        if (data.equals(marker)) {
          return out;
        }
        if (!data.startsWith("marker-")) { // earlier markers
          out.add(data);
        }
      }
      iterator = got.nextShardIterator();
    }
    throw new AssertionError("marker " + marker + " not read back within 60 s; read " + out);
  }

  /** Puts {@code marker} through the SDK and returns what the stream held before it. */
  static List<String> storedSoFar(KinesisClient kinesis, String stream, String marker) {
    kinesis.putRecord(
        r ->
            r.streamName(stream)
                .partitionKey("marker")
                .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String(marker)));
    return recordsBefore(kinesis, stream, marker);
  }
}
