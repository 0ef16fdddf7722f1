package io.kinesisonkafka.examples;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The one thing a Kinesis program changes to run on Kafka: the endpoint. Everything else (region,
 * credentials, HTTP client) is what the program used against AWS; the server does not check
 * signatures unless it is started with auth.enabled.
 */
public final class Endpoint {
  private Endpoint() {}

  /** A synchronous client of the Kinesis endpoint at {@code endpoint}. */
  public static KinesisClient kinesis(URI endpoint) {
    return KinesisClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("example", "example")))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }

  /** An asynchronous (HTTP/2) client, what SubscribeToShard needs. */
  public static KinesisAsyncClient kinesisAsync(URI endpoint) {
    return KinesisAsyncClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("example", "example")))
        .httpClientBuilder(
            NettyNioAsyncHttpClient.builder()
                .protocol(software.amazon.awssdk.http.Protocol.HTTP2)
                .protocolNegotiation(
                    software.amazon.awssdk.http.ProtocolNegotiation.ASSUME_PROTOCOL))
        .build();
  }
}
