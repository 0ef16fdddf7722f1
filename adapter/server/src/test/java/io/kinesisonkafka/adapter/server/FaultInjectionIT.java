package io.kinesisonkafka.adapter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kinesisonkafka.adapter.server.testkit.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/** fault.injection: the calls picked get the fault, the others are served, /metrics counts them. */
class FaultInjectionIT {

  @Test
  void injectedFaultsReachTheSdkAsKinesisErrorsAndCountInMetrics() throws Exception {
    try (KinesisServer server =
            TestServers.start(
                "faults",
                Map.of(
                    Setting.FAULT_INJECTION,
                    "PutRecord:throttle:1, DescribeStreamSummary:error:0.5,"
                        + " ListStreams:latency:1:300"));
        KinesisClient client =
            KinesisClient.builder()
                .endpointOverride(TestServers.http(server))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
      client.createStream(r -> r.streamName("faulty").shardCount(1));

      ProvisionedThroughputExceededException throttled =
          catchThrowableOfType(
              ProvisionedThroughputExceededException.class,
              () ->
                  client.putRecord(
                      r ->
                          r.streamName("faulty")
                              .partitionKey("k")
                              .data(SdkBytes.fromUtf8String("x"))));
      int failed = 0;
      for (int i = 0; i < 100; i++) {
        try {
          client.describeStreamSummary(r -> r.streamName("faulty"));
        } catch (KinesisException e) {
          assertThat(e.statusCode()).isEqualTo(500);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
          failed++;
        }
      }
      long start = System.nanoTime();
      client.listStreams();
      long listMillis = (System.nanoTime() - start) / 1_000_000;
      // Not named by a rule: served as usual.
      assertThat(client.listShards(r -> r.streamName("faulty")).shards()).hasSize(1);

      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(TestServers.http(server) + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      System.out.printf(
          "FaultInjectionIT: DescribeStreamSummary failed %d of 100 at share 0.5; ListStreams took"
              + " %d ms with 300 ms injected%n",
          failed, listMillis);
      assertThat(throttled).isNotNull();
      assertThat(failed).isBetween(25, 75);
      assertThat(listMillis).isGreaterThanOrEqualTo(300);
      assertThat(metrics)
          .contains("kinesis_faults_injected_total{kind=\"throttle\",operation=\"PutRecord\"} 1.0")
          .contains("kind=\"error\",operation=\"DescribeStreamSummary\"} " + failed + ".0")
          .contains("kind=\"latency\",operation=\"ListStreams\"} 1.0");
    }
  }
}
