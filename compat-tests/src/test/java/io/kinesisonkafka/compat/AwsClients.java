package io.kinesisonkafka.compat;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.Http2Configuration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.utils.AttributeMap;

/** AWS SDK clients as the real clients' users build them, pointed at local endpoints. */
final class AwsClients {
  static final Region REGION = Region.US_EAST_1;
  static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCOMPATTESTS", "secret"));

  private AwsClients() {}

  /** A synchronous client over HTTP/1.1 (Apache), for test set-up, producing and reading back. */
  static KinesisClient kinesis(URI endpoint) {
    return KinesisClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  /**
   * The KCL's Kinesis client: {@code KinesisClientUtil.adjustKinesisClientBuilder}'s HTTP/2 Netty
   * settings, plus trust in the server's self-signed certificate on {@code https}.
   */
  static KinesisAsyncClient kclKinesis(URI endpoint) {
    NettyNioAsyncHttpClient.Builder http =
        NettyNioAsyncHttpClient.builder()
            .maxConcurrency(Integer.MAX_VALUE)
            .http2Configuration(
                Http2Configuration.builder()
                    .initialWindowSize(512 * 1024)
                    .healthCheckPingPeriod(Duration.ofSeconds(60))
                    .build())
            .protocol(Protocol.HTTP2);
    return KinesisAsyncClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(CREDENTIALS)
        .httpClient(
            http.buildWithDefaults(
                AttributeMap.builder()
                    .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true)
                    .build()))
        .build();
  }

  static DynamoDbAsyncClient dynamoDb(URI endpoint) {
    return DynamoDbAsyncClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(CREDENTIALS)
        .build();
  }

  /** A CloudWatch client the KCL requires but, with metrics off, never calls: nothing listens. */
  static CloudWatchAsyncClient unusedCloudWatch() {
    return CloudWatchAsyncClient.builder()
        .endpointOverride(URI.create("http://localhost:" + LocalPorts.free()))
        .region(REGION)
        .credentialsProvider(CREDENTIALS)
        .build();
  }
}
