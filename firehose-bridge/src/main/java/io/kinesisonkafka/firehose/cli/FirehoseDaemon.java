package io.kinesisonkafka.firehose.cli;

import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.ServerConfig;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import io.kinesisonkafka.firehose.BridgeConfig;
import io.kinesisonkafka.firehose.FirehoseApi;
import io.kinesisonkafka.firehose.FirehoseBridge;
import io.kinesisonkafka.firehose.ObjectStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Kinesis and Firehose APIs on one endpoint: the adapter's server, a bridge on the same Kafka
 * (an embedded single-node one when none is given), the Firehose operations registered in the
 * server's registry. Settings come from the environment, then flags.
 */
public final class FirehoseDaemon implements AutoCloseable {
  private final EmbeddedKafkaCluster embedded;
  private final KinesisServer server;
  private final FirehoseBridge bridge;
  private final S3Client s3;

  private FirehoseDaemon(
      EmbeddedKafkaCluster embedded, KinesisServer server, FirehoseBridge bridge, S3Client s3) {
    this.embedded = embedded;
    this.server = server;
    this.bridge = bridge;
    this.s3 = s3;
  }

  /**
   * @throws IllegalArgumentException naming every bad setting
   */
  public static FirehoseDaemon start(
      Map<String, String> environment,
      Map<Setting, String> serverFlags,
      Map<BridgeSetting, String> bridgeFlags) {
    ServerConfig serverConfig = ServerConfig.from(environment, serverFlags);
    Map<BridgeSetting, String> settings = new EnumMap<>(BridgeSetting.class);
    for (BridgeSetting s : BridgeSetting.values()) {
      settings.put(s, environment.getOrDefault(s.envVar(), s.defaultValue()));
    }
    settings.putAll(bridgeFlags);
    EmbeddedKafkaCluster embedded = null;
    String bootstrap = serverConfig.bootstrapServers();
    if (bootstrap.isBlank()) {
      embedded = EmbeddedKafkaCluster.builder().build();
      embedded.start();
      bootstrap = embedded.bootstrapServers();
    }
    KinesisServer server = null;
    S3Client s3 = null;
    try {
      server = KinesisServer.start(serverConfig, bootstrap);
      ObjectStore store;
      String endpoint = settings.get(BridgeSetting.S3_ENDPOINT);
      if (endpoint.isBlank()) {
        store = ObjectStore.files(Path.of(settings.get(BridgeSetting.FILES_ROOT)));
      } else {
        s3 =
            S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.of(settings.get(BridgeSetting.S3_REGION)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        store = ObjectStore.s3(s3);
      }
      Map<String, String> kafka = new HashMap<>();
      serverConfig.kafkaProperties().forEach((k, v) -> kafka.put(k, String.valueOf(v)));
      String file = settings.get(BridgeSetting.DELIVERY_STREAMS_FILE);
      BridgeConfig config =
          BridgeConfig.custom(bootstrap)
              .kafkaProperties(kafka)
              .catalogTopic(settings.get(BridgeSetting.CATALOG_TOPIC))
              .topicPrefix(settings.get(BridgeSetting.TOPIC_PREFIX))
              .kinesisTopicPrefix(serverConfig.topicPrefix())
              .replicationFactor(serverConfig.replicationFactor())
              .region(serverConfig.region())
              .account(serverConfig.account())
              .objectStore(store)
              .meters(server.meters())
              .deliveryStreamsFile(file.isBlank() ? null : Path.of(file))
              .build();
      FirehoseBridge bridge = FirehoseBridge.start(config);
      FirehoseApi.register(server.registry(), bridge);
      server.addHealthCheck(bridge::health);
      return new FirehoseDaemon(embedded, server, bridge, s3);
    } catch (RuntimeException e) {
      if (server != null) {
        server.close();
      }
      if (s3 != null) {
        s3.close();
      }
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  public KinesisServer server() {
    return server;
  }

  public FirehoseBridge bridge() {
    return bridge;
  }

  /** The bridge stops first, then the server, then the embedded Kafka if there is one. */
  @Override
  public void close() {
    try {
      bridge.close();
      server.close();
      if (s3 != null) {
        s3.close();
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
