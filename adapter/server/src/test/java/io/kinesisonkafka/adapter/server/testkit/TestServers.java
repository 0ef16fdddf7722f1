package io.kinesisonkafka.adapter.server.testkit;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.ServerConfig;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import io.kinesisonkafka.embedded.SharedKafka;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Servers on the shared test broker: a free plain port and a free TLS port (self-signed),
 * throughput limits off, and a namespace of their own ({@link TestEngines#namespace}), so test
 * classes sharing the broker never see each other's streams. {@code extra} settings override these.
 */
public final class TestServers {
  private TestServers() {}

  /** A server with the engine its settings make. */
  public static KinesisServer start(String name) {
    return start(name, Map.of());
  }

  /**
   * A server with the engine its settings make, as {@code KinesisServer.start(config, bootstrap)}
   * does: the CloudWatch-style stream metrics (IncomingRecords, ...) are on its {@code /metrics}.
   */
  public static KinesisServer start(String name, Map<Setting, String> extra) {
    return KinesisServer.start(config(name, extra), SharedKafka.bootstrapServers());
  }

  /**
   * A server in front of an engine built from its settings and then {@code engine} (for example
   * {@link TestEngines#fastResharding}). The engine is the caller's, so the server's {@code
   * /metrics} carry the API metrics but not the per-stream ones.
   */
  public static KinesisServer start(
      String name, Map<Setting, String> extra, UnaryOperator<EngineConfig.Builder> engine) {
    ServerConfig config = config(name, extra);
    EngineConfig engineConfig =
        engine.apply(config.engineConfig(SharedKafka.bootstrapServers()).toBuilder()).build();
    return KinesisServer.start(config, KinesisEngine.start(engineConfig));
  }

  /**
   * As {@link #start(String, Map, UnaryOperator)}, on the Kafka cluster at {@code bootstrapServers}
   * (for example {@code SharedKafka.threeNodes()}) instead of the shared single broker.
   */
  public static KinesisServer startOn(
      String bootstrapServers,
      String name,
      Map<Setting, String> extra,
      UnaryOperator<EngineConfig.Builder> engine) {
    ServerConfig config = config(name, extra);
    EngineConfig engineConfig =
        engine.apply(config.engineConfig(bootstrapServers).toBuilder()).build();
    return KinesisServer.start(config, KinesisEngine.start(engineConfig));
  }

  /** The settings of a test server named {@code name} (any case), with {@code extra} on top. */
  public static ServerConfig config(String name, Map<Setting, String> extra) {
    String ns = TestEngines.namespace(name);
    Map<Setting, String> settings = new EnumMap<>(Setting.class);
    settings.put(Setting.PORT, "0");
    settings.put(Setting.TLS_PORT, "0");
    settings.put(Setting.LIMITS_ENABLED, "false");
    settings.put(Setting.CATALOG_TOPIC, TestEngines.catalogTopic(ns));
    settings.put(Setting.TOPIC_PREFIX, TestEngines.topicPrefix(ns));
    // Tests start many servers and do not measure their first seconds.
    settings.put(Setting.STARTUP_WARMUP_RECORDS, "0");
    settings.put(Setting.STARTUP_WARMUP_KAFKA_RECORDS, "0");
    settings.putAll(extra);
    return ServerConfig.from(settings);
  }

  /** The plain port: HTTP/1.1, or h2c with prior knowledge. */
  public static URI http(KinesisServer server) {
    return URI.create("http://localhost:" + server.port());
  }

  /** The TLS port: HTTP/1.1 or HTTP/2, with or without ALPN; the certificate is self-signed. */
  public static URI https(KinesisServer server) {
    return URI.create("https://localhost:" + server.tlsPort());
  }
}
