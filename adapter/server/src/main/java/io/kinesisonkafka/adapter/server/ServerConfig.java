package io.kinesisonkafka.adapter.server;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.ShardLimits;
import io.kinesisonkafka.adapter.server.http.HttpServerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The server's configuration after validation: typed and immutable. Built from {@link Setting}
 * values (flags over environment over defaults); {@link #from} reports every problem at once.
 */
public record ServerConfig(
    String bootstrapServers,
    Map<String, Object> kafkaProperties,
    String host,
    int port,
    int tlsPort,
    Path tlsCertificate,
    Path tlsKey,
    String region,
    String account,
    String topicPrefix,
    String catalogTopic,
    int replicationFactor,
    ShardLimits limits,
    int shardLimit,
    boolean authEnabled,
    Map<String, String> credentials,
    int apiThreads,
    Duration subscriptionLifetime,
    Duration shutdownTimeout,
    Duration kafkaTimeout,
    Map<String, Integer> createStreams,
    List<FaultRule> faultRules,
    int subscriptionReaders,
    Duration idleTimeout,
    Duration requestTimeout,
    Duration writeTimeout,
    int maxConcurrentStreams,
    int startupWarmupRecords,
    int startupWarmupKafkaRecords) {

  public ServerConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
    credentials = Map.copyOf(credentials);
    createStreams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(createStreams));
    faultRules = List.copyOf(faultRules);
  }

  /** Defaults for every setting not given. */
  public static ServerConfig from(Map<Setting, String> given) {
    Map<Setting, String> v = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      v.put(s, given.getOrDefault(s, s.defaultValue()));
    }
    List<String> problems = new ArrayList<>();
    Parser p = new Parser(v, problems);
    Map<String, Object> kafka = new LinkedHashMap<>();
    String file = v.get(Setting.KAFKA_PROPERTIES_FILE);
    if (!file.isBlank()) {
      Properties props = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(file))) {
        props.load(r);
        props.forEach((k, val) -> kafka.put(k.toString(), val.toString()));
      } catch (IOException e) {
        problems.add(Setting.KAFKA_PROPERTIES_FILE.key() + " cannot be read: " + e.getMessage());
      }
    }
    for (String pair : p.list(Setting.KAFKA_PROPERTY)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        problems.add("kafka.property must be key=value, but was " + pair);
      } else {
        kafka.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    Map<String, String> credentials = new LinkedHashMap<>();
    for (String pair : p.list(Setting.AUTH_CREDENTIALS)) {
      int colon = pair.indexOf(':');
      if (colon <= 0 || colon == pair.length() - 1) {
        problems.add("auth.credentials must be accessKeyId:secretAccessKey pairs");
      } else {
        credentials.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
      }
    }
    boolean auth = p.bool(Setting.AUTH_ENABLED);
    Map<String, Integer> createStreams = new LinkedHashMap<>();
    for (String pair : p.list(Setting.CREATE_STREAMS)) {
      int colon = pair.lastIndexOf(':');
      int shards = -1;
      try {
        shards = colon > 0 ? Integer.parseInt(pair.substring(colon + 1).trim()) : -1;
      } catch (NumberFormatException e) {
        // reported below
      }
      if (shards < 1) {
        problems.add("create.streams must be name:shards pairs with shards >= 1, but had " + pair);
      } else {
        createStreams.put(pair.substring(0, colon).trim(), shards);
      }
    }
    List<FaultRule> faultRules = new ArrayList<>();
    for (String rule : p.list(Setting.FAULT_INJECTION)) {
      try {
        faultRules.add(FaultRule.parse(rule));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (auth && credentials.isEmpty()) {
      problems.add("auth.enabled needs auth.credentials");
    }
    String cert = v.get(Setting.TLS_CERTIFICATE);
    String key = v.get(Setting.TLS_KEY);
    if (cert.isBlank() != key.isBlank()) {
      problems.add("tls.certificate and tls.key go together");
    }
    int port = p.port(Setting.PORT, false);
    int tlsPort = p.port(Setting.TLS_PORT, true);
    boolean limitsOn = p.bool(Setting.LIMITS_ENABLED);
    ShardLimits limits = ShardLimits.off();
    int writeBytes = p.positive(Setting.LIMIT_WRITE_BYTES);
    int writeRecords = p.positive(Setting.LIMIT_WRITE_RECORDS);
    int readBytes = p.positive(Setting.LIMIT_READ_BYTES);
    int readCalls = p.positive(Setting.LIMIT_READ_CALLS);
    if (limitsOn && problems.isEmpty()) {
      limits = new ShardLimits(true, writeBytes, writeRecords, readBytes, readCalls);
    }
    ServerConfig config =
        new ServerConfig(
            v.get(Setting.KAFKA_BOOTSTRAP_SERVERS),
            kafka,
            v.get(Setting.HOST),
            port,
            tlsPort,
            cert.isBlank() ? null : Path.of(cert),
            key.isBlank() ? null : Path.of(key),
            v.get(Setting.REGION),
            v.get(Setting.ACCOUNT),
            v.get(Setting.TOPIC_PREFIX),
            v.get(Setting.CATALOG_TOPIC),
            p.integer(Setting.REPLICATION_FACTOR),
            limits,
            p.positive(Setting.SHARD_LIMIT),
            auth,
            credentials,
            p.positive(Setting.API_THREADS),
            Duration.ofSeconds(p.positive(Setting.SUBSCRIPTION_LIFETIME_SECONDS)),
            Duration.ofSeconds(p.positive(Setting.SHUTDOWN_TIMEOUT_SECONDS)),
            Duration.ofMillis(p.positive(Setting.REQUEST_TIMEOUT_MS)),
            createStreams,
            faultRules,
            p.positive(Setting.SUBSCRIPTION_READERS),
            Duration.ofSeconds(p.nonNegative(Setting.HTTP_IDLE_TIMEOUT_SECONDS)),
            Duration.ofSeconds(p.nonNegative(Setting.HTTP_REQUEST_TIMEOUT_SECONDS)),
            Duration.ofSeconds(p.nonNegative(Setting.HTTP_WRITE_TIMEOUT_SECONDS)),
            p.positive(Setting.HTTP2_MAX_CONCURRENT_STREAMS),
            p.nonNegative(Setting.STARTUP_WARMUP_RECORDS),
            p.nonNegative(Setting.STARTUP_WARMUP_KAFKA_RECORDS));
    if (problems.isEmpty()) {
      try {
        config.engineConfig("localhost:9092");
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Invalid configuration: " + String.join("; ", problems));
    }
    return config;
  }

  /** Settings from the environment ({@code KOK_*}), then from flags, which win. */
  public static ServerConfig from(Map<String, String> environment, Map<Setting, String> flags) {
    Map<Setting, String> given = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      String env = environment.get(s.envVar());
      if (env != null) {
        given.put(s, env);
      }
    }
    given.putAll(flags);
    return from(given);
  }

  public EngineConfig engineConfig(String bootstrap) {
    return EngineConfig.custom()
        .kafkaProperties(kafkaProperties)
        .bootstrapServers(bootstrap)
        .region(region)
        .accountId(account)
        .topicPrefix(topicPrefix)
        .catalogTopic(catalogTopic)
        .replicationFactor(replicationFactor)
        .shardLimits(limits)
        .shardLimit(shardLimit)
        .requestTimeout(kafkaTimeout)
        .subscriptionReaders(subscriptionReaders)
        .build();
  }

  public HttpServerConfig httpConfig() {
    HttpServerConfig.Builder b =
        HttpServerConfig.custom()
            .host(host)
            .plainPort(port)
            .tlsPort(tlsPort)
            .shutdownTimeout(shutdownTimeout)
            .idleTimeout(idleTimeout)
            .requestTimeout(requestTimeout)
            .writeTimeout(writeTimeout)
            .maxConcurrentStreams(maxConcurrentStreams);
    if (tlsCertificate != null) {
      b.certificate(tlsCertificate, tlsKey);
    }
    return b.build();
  }

  /** Typed reads of raw values that collect problems instead of failing at the first. */
  private record Parser(Map<Setting, String> values, List<String> problems) {
    int integer(Setting s) {
      try {
        return Integer.parseInt(values.get(s).trim());
      } catch (NumberFormatException e) {
        problems.add(s.key() + " must be an integer, but was '" + values.get(s) + "'");
        return 0;
      }
    }

    int positive(Setting s) {
      int v = integer(s);
      if (v <= 0 && problems.stream().noneMatch(m -> m.startsWith(s.key() + " "))) {
        problems.add(s.key() + " must be > 0, but was " + v);
      }
      return v;
    }

    int nonNegative(Setting s) {
      int v = integer(s);
      if (v < 0) {
        problems.add(s.key() + " must be >= 0, but was " + v);
      }
      return v;
    }

    int port(Setting s, boolean mayBeOff) {
      int v = integer(s);
      if (v > 65535 || v < (mayBeOff ? -1 : 0)) {
        problems.add(s.key() + " must be a port" + (mayBeOff ? " or -1" : "") + ", but was " + v);
      }
      return v;
    }

    boolean bool(Setting s) {
      String v = values.get(s).trim().toLowerCase(java.util.Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        problems.add(s.key() + " must be true or false, but was '" + values.get(s) + "'");
      }
      return v.equals("true");
    }

    List<String> list(Setting s) {
      List<String> out = new ArrayList<>();
      for (String part : values.get(s).split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }
  }
}
