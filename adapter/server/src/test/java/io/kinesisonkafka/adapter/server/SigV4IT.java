package io.kinesisonkafka.adapter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.server.testkit.TestServers;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** With auth enabled, the server verifies SigV4 as AWS does, with AWS's errors. */
class SigV4IT {
  static KinesisServer server;

  @BeforeAll
  static void start() {
    server =
        TestServers.start(
            "sigv4",
            Map.of(
                Setting.TLS_PORT, "-1",
                Setting.AUTH_ENABLED, "true",
                Setting.AUTH_CREDENTIALS, "AKIDGOOD:goodsecret"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static KinesisClient client(String key, String secret) {
    return KinesisClient.builder()
        .endpointOverride(URI.create("http://localhost:" + server.port()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  @Test
  void aCorrectlySignedRequestIsServed() {
    try (KinesisClient c = client("AKIDGOOD", "goodsecret")) {
      assertThat(c.listStreams().streamNames()).isEmpty();
    }
  }

  @Test
  void aWrongSecretIsAnInvalidSignature() {
    try (KinesisClient c = client("AKIDGOOD", "badsecret")) {
      assertThatThrownBy(c::listStreams)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.statusCode()).isEqualTo(400);
              });
    }
  }

  @Test
  void anUnknownKeyIsUnrecognized() {
    try (KinesisClient c = client("AKIDBAD", "goodsecret")) {
      assertThatThrownBy(c::listStreams)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e ->
                  assertThat(e.awsErrorDetails().errorCode())
                      .isEqualTo("UnrecognizedClientException"));
    }
  }
}
