package io.kinesisonkafka.bench;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The SDK clients as an application builds them: defaults everywhere (CBOR, SigV4-signed requests,
 * the standard retry policy) except the endpoint, static credentials and the connection pool size.
 * The server takes any credentials.
 */
public final class SdkClients {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench-secret"));

  private SdkClients() {}

  /** The sync client: Apache HTTP/1.1 with {@code connections} pooled connections. */
  public static KinesisClient sync(URI endpoint, int connections) {
    return syncBuilder(endpoint, connections).build();
  }

  /** The sync client with the SDK's client-side metrics published to {@code metrics}. */
  public static KinesisClient sync(URI endpoint, int connections, MetricPublisher metrics) {
    return syncBuilder(endpoint, connections)
        .overrideConfiguration(o -> o.addMetricPublisher(metrics))
        .build();
  }

  private static KinesisClientBuilder syncBuilder(URI endpoint, int connections) {
    return KinesisClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(
            ApacheHttpClient.builder()
                .maxConnections(connections)
                .socketTimeout(Duration.ofSeconds(60)));
  }

  /**
   * The async client as the KCL builds it: Netty passed as a builder, so the SDK applies the
   * Kinesis service defaults (HTTP/2 for every operation: h2c with prior knowledge on {@code
   * http://}), with room for {@code concurrency} streams.
   */
  public static KinesisAsyncClient async(URI endpoint, int concurrency) {
    return KinesisAsyncClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(concurrency))
        .build();
  }

  /** An iterator at the trim horizon of {@code stream}'s shard {@code shardId}. */
  public static String trimHorizon(KinesisClient kinesis, String stream, String shardId) {
    return kinesis
        .getShardIterator(
            r ->
                r.streamName(stream)
                    .shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
        .shardIterator();
  }
}
