package io.kinesisonkafka.adapter.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

class ServerSmokeIT {
  private static String get(String url) {
    try {
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(URI.create(url)).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      return r.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theSdkCreatesPutsAndGets() {
    try (KinesisServer server = TestServers.start("smoke");
        KinesisClient client =
            KinesisClient.builder()
                .endpointOverride(URI.create("http://localhost:" + server.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build()) {
      SdkStreams.createActive(client, "s", 1);
      PutRecordResponse put =
          client.putRecord(
              r -> r.streamName("s").partitionKey("k").data(SdkBytes.fromUtf8String("hi")));
      String it =
          client
              .getShardIterator(
                  r ->
                      r.streamName("s")
                          .shardId(put.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      GetRecordsResponse got = client.getRecords(r -> r.shardIterator(it));
      assertThat(got.records()).hasSize(1);
      assertThat(got.records().get(0).data().asUtf8String()).isEqualTo("hi");
      assertThat(got.records().get(0).approximateArrivalTimestamp()).isNotNull();
      String metrics = get("http://localhost:" + server.port() + "/metrics");
      assertThat(metrics)
          .contains("kinesis_IncomingRecords_total{stream=\"s\"} 1.0")
          .contains("kinesis_GetRecords_Records_total{stream=\"s\"} 1.0")
          .contains(
              "kinesis_api_requests_seconds_count{error=\"none\",operation=\"Kinesis_20131202.PutRecord\"} 1");
      assertThat(get("http://localhost:" + server.port() + "/ready")).isNotNull();
      // A deleted stream leaves /metrics once the catalog no longer holds it.
      client.deleteStream(r -> r.streamName("s"));
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .until(
              () ->
                  !get("http://localhost:" + server.port() + "/metrics").contains("stream=\"s\""));
    }
  }

  @Test
  void streamsNamedInCreateStreamsExistOnceTheServerStarts() {
    ServerConfig first =
        TestServers.config(
            "created", java.util.Map.of(Setting.CREATE_STREAMS, "orders:3,clicks:1"));
    ServerConfig second =
        TestServers.config(
            "created",
            java.util.Map.of(
                Setting.CREATE_STREAMS, "orders:3",
                Setting.CATALOG_TOPIC, first.catalogTopic(),
                Setting.TOPIC_PREFIX, first.topicPrefix()));
    String kafka = io.kinesisonkafka.embedded.SharedKafka.bootstrapServers();
    try (KinesisServer server = KinesisServer.start(first, kafka);
        // A second instance naming a stream that exists leaves it as it is.
        KinesisServer again = KinesisServer.start(second, kafka);
        KinesisClient client =
            KinesisClient.builder()
                .endpointOverride(URI.create("http://localhost:" + again.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build()) {
      assertThat(SdkStreams.awaitActive(client, "orders").openShardCount()).isEqualTo(3);
      assertThat(SdkStreams.awaitActive(client, "clicks").openShardCount()).isEqualTo(1);
    }
  }
}
