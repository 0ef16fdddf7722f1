package io.kinesisonkafka.adapter.compat;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Http2Metric;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.utils.AttributeMap;

/** Servers and real SDK clients for the compatibility kit. */
final class CompatClients {
  static final String CBOR = "application/x-amz-cbor-1.1";
  static final String JSON = "application/x-amz-json-1.1";
  static final String ACCOUNT = "000000000000";
  static final String REGION = "us-east-1";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET"));

  private CompatClients() {}

  /**
   * A server on free ports with its own catalog topic and topic prefix ({@link TestServers}), so
   * test classes sharing the broker never see each other's streams; throughput limits off unless
   * {@code extra} says so. The engine runs with the resharding timings of the engine's own tests (a
   * 1.2 s freeze window instead of 3.5 s): what is under test here is the protocol, and reshards
   * are the slowest steps.
   */
  static KinesisServer startServer(String name, Map<Setting, String> extra) {
    return startServer(name, extra, UnaryOperator.identity());
  }

  /** As {@link #startServer(String, Map)}, with further engine settings. */
  static KinesisServer startServer(
      String name, Map<Setting, String> extra, UnaryOperator<EngineConfig.Builder> engine) {
    return TestServers.start(
        name, extra, config -> engine.apply(TestEngines.fastResharding(config)));
  }

  static URI http(KinesisServer server) {
    return TestServers.http(server);
  }

  static URI https(KinesisServer server) {
    return TestServers.https(server);
  }

  /** The sync client as applications build it: Apache HTTP/1.1, CBOR unless switched off. */
  static KinesisClient syncApache(URI endpoint, WireRecorder recorder) {
    return syncApache(endpoint, recorder, o -> {});
  }

  /** As {@link #syncApache(URI, WireRecorder)}, with further client settings. */
  static KinesisClient syncApache(
      URI endpoint, WireRecorder recorder, Consumer<ClientOverrideConfiguration.Builder> more) {
    return KinesisClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
        .overrideConfiguration(
            o -> more.accept(o.addExecutionInterceptor(recorder).addMetricPublisher(recorder)))
        .build();
  }

  /**
   * The async client as the KCL builds it: Netty through {@code httpClientBuilder}, so the SDK's
   * Kinesis service defaults apply (HTTP/2 for every operation: h2c with prior knowledge on http,
   * TLS without ALPN on https), CBOR; the self-signed certificate trusted. A client passed ready
   * made with {@code httpClient(NettyNioAsyncHttpClient.builder().buildWithDefaults(..))} would
   * miss those defaults and speak HTTP/1.1.
   */
  static KinesisAsyncClient asyncNetty(URI endpoint, WireRecorder recorder) {
    return asyncNetty(endpoint, recorder, o -> {});
  }

  /** As {@link #asyncNetty(URI, WireRecorder)}, with further client settings. */
  static KinesisAsyncClient asyncNetty(
      URI endpoint, WireRecorder recorder, Consumer<ClientOverrideConfiguration.Builder> more) {
    return KinesisAsyncClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(new TrustingNetty())
        .overrideConfiguration(
            o -> more.accept(o.addExecutionInterceptor(recorder).addMetricPublisher(recorder)))
        .build();
  }

  /** Netty with the service's defaults, plus trust in the server's self-signed certificate. */
  private static final class TrustingNetty implements SdkAsyncHttpClient.Builder<TrustingNetty> {
    @Override
    public SdkAsyncHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
      AttributeMap trustAll =
          AttributeMap.builder()
              .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true)
              .build();
      return NettyNioAsyncHttpClient.builder().buildWithDefaults(trustAll.merge(serviceDefaults));
    }
  }

  /**
   * Builds a client with {@code aws.cborEnabled=false}. The SDK (2.52) reads the property when a
   * client is built ({@code AwsCborProtocolFactory.Builder} per client instance), not once per JVM,
   * so it is set for the build only; {@link WireRecorder} proves what went on the wire.
   */
  static synchronized <T> T withCborDisabled(Supplier<T> build) {
    String before = System.getProperty("aws.cborEnabled");
    System.setProperty("aws.cborEnabled", "false");
    try {
      return build.get();
    } finally {
      if (before == null) {
        System.clearProperty("aws.cborEnabled");
      } else {
        System.setProperty("aws.cborEnabled", before);
      }
    }
  }

  /**
   * Records the Content-Type and X-Amz-Target of every request the client sends, and, from the
   * SDK's own metrics, whether calls went over HTTP/2 (the Netty client reports HTTP/2 stream
   * window sizes only for HTTP/2 requests).
   */
  static final class WireRecorder implements ExecutionInterceptor, MetricPublisher {
    final Set<String> contentTypes = ConcurrentHashMap.newKeySet();
    final Set<String> operations = ConcurrentHashMap.newKeySet();
    final AtomicInteger http2Calls = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
      String type = context.httpRequest().firstMatchingHeader("Content-Type").orElse("(none)");
      String target = context.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("(none)");
      contentTypes.add(type);
      operations.add(target.substring(target.indexOf('.') + 1));
    }

    @Override
    public void publish(MetricCollection metrics) {
      calls.incrementAndGet();
      if (hasHttp2(metrics)) {
        http2Calls.incrementAndGet();
      }
    }

    private static boolean hasHttp2(MetricCollection metrics) {
      if (!metrics.metricValues(Http2Metric.LOCAL_STREAM_WINDOW_SIZE_IN_BYTES).isEmpty()) {
        return true;
      }
      for (MetricCollection child : metrics.children()) {
        if (hasHttp2(child)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void close() {}
  }
}
