package io.kinesisonkafka.adapter.server;

import java.util.Locale;

/**
 * The server's settings, each declared once: name, type, default and meaning. The command-line flag
 * ({@code --tls-port}), the environment variable ({@code KOK_TLS_PORT}) and the README's
 * configuration table are all derived from this table, so they cannot drift apart.
 */
public enum Setting implements SettingSpec {
  KAFKA_BOOTSTRAP_SERVERS(
      "kafka.bootstrap.servers",
      Type.STRING,
      "",
      "Kafka cluster to use; an embedded single-node Kafka when empty."),
  KAFKA_PROPERTIES_FILE(
      "kafka.properties.file",
      Type.STRING,
      "",
      "A Java properties file of Kafka client settings (SASL, TLS, ...) for every client the server makes."),
  KAFKA_PROPERTY(
      "kafka.property",
      Type.LIST,
      "",
      "Extra Kafka client settings as comma-separated key=value pairs, e.g. security.protocol=SSL."),
  HOST("host", Type.STRING, "0.0.0.0", "Address to listen on."),
  PORT("port", Type.INT, "4567", "Plain HTTP port (HTTP/1.1 and h2c); 0 picks a free port."),
  TLS_PORT(
      "tls.port",
      Type.INT,
      "4568",
      "TLS port (HTTP/1.1 and HTTP/2, with or without ALPN); -1 turns it off."),
  TLS_CERTIFICATE(
      "tls.certificate",
      Type.STRING,
      "",
      "PEM certificate chain; a self-signed one is made at start when empty."),
  TLS_KEY("tls.key", Type.STRING, "", "PEM private key (PKCS#8) of the certificate."),
  REGION("region", Type.STRING, "us-east-1", "Region in ARNs and signatures."),
  ACCOUNT("account", Type.STRING, "000000000000", "Account id in ARNs and messages."),
  TOPIC_PREFIX("topic.prefix", Type.STRING, "kinesis.", "Stream s is stored in topic <prefix>s."),
  CATALOG_TOPIC("catalog.topic", Type.STRING, "__kinesis_catalog", "Topic of the stream catalog."),
  REPLICATION_FACTOR(
      "replication.factor",
      Type.INT,
      "-1",
      "Replication factor of created topics; -1 for the broker default."),
  LIMITS_ENABLED(
      "limits.enabled",
      Type.BOOLEAN,
      "true",
      "Enforce per-shard throughput limits with ProvisionedThroughputExceededException."),
  LIMIT_WRITE_BYTES(
      "limits.write.bytes", Type.INT, "1048576", "Bytes per second one shard accepts."),
  LIMIT_WRITE_RECORDS(
      "limits.write.records", Type.INT, "1000", "Records per second one shard accepts."),
  LIMIT_READ_BYTES(
      "limits.read.bytes", Type.INT, "2097152", "Bytes per second one shard serves to GetRecords."),
  LIMIT_READ_CALLS(
      "limits.read.calls", Type.INT, "5", "GetRecords calls per second one shard serves."),
  SHARD_LIMIT("shard.limit", Type.INT, "1000", "Open shards the account may have."),
  AUTH_ENABLED(
      "auth.enabled", Type.BOOLEAN, "false", "Verify SigV4 signatures against auth.credentials."),
  AUTH_CREDENTIALS(
      "auth.credentials",
      Type.LIST,
      "",
      "Accepted credentials as comma-separated accessKeyId:secretAccessKey pairs."),
  CREATE_STREAMS(
      "create.streams",
      Type.LIST,
      "",
      "Streams created at start if missing, as name:shards pairs (orders:4,clicks:2)."),
  FAULT_INJECTION(
      "fault.injection",
      Type.LIST,
      "",
      "Faults for testing clients, as operation:kind:share[:millis] (PutRecords:throttle:0.1,"
          + " GetRecords:latency:0.5:200, *:error:0.01); kinds throttle, error, latency; off when"
          + " empty."),
  API_THREADS(
      "api.threads", Type.INT, "64", "Worker threads for API calls (they may wait on Kafka)."),
  REQUEST_TIMEOUT_MS(
      "request.timeout.ms",
      Type.INT,
      "5000",
      "How long a request may wait on Kafka before a retriable InternalFailure (500)."),
  SUBSCRIPTION_READERS(
      "subscription.readers",
      Type.INT,
      "2",
      "Threads (each with one Kafka consumer) that read for all SubscribeToShard subscriptions."),
  SUBSCRIPTION_LIFETIME_SECONDS(
      "subscription.lifetime.seconds",
      Type.INT,
      "300",
      "How long a SubscribeToShard stream lasts."),
  HTTP_IDLE_TIMEOUT_SECONDS(
      "http.idle.timeout.seconds",
      Type.INT,
      "300",
      "A connection with no request in flight and no traffic for this long is closed; 0 never."),
  HTTP_REQUEST_TIMEOUT_SECONDS(
      "http.request.timeout.seconds",
      Type.INT,
      "60",
      "A client has this long to send a whole request once its first byte came; a slower HTTP/1.1 connection is closed, a slower HTTP/2 stream reset; 0 never."),
  HTTP_WRITE_TIMEOUT_SECONDS(
      "http.write.timeout.seconds",
      Type.INT,
      "30",
      "A piece of a response (a SubscribeToShard event too) the client does not take within this long cuts it off: HTTP/2 stream reset, HTTP/1.1 connection closed; 0 never."),
  HTTP2_MAX_CONCURRENT_STREAMS(
      "http2.max.concurrent.streams",
      Type.INT,
      "1000",
      "HTTP/2 streams one connection may have open at once; more are refused."),
  SHUTDOWN_TIMEOUT_SECONDS(
      "shutdown.timeout.seconds",
      Type.INT,
      "20",
      "How long a graceful shutdown waits for requests in flight."),
  STARTUP_WARMUP_RECORDS(
      "startup.warmup.records",
      Type.INT,
      "200000",
      "Synthetic records whose PutRecords and GetRecords work (parsing, hashing, answers; no Kafka) runs before the port opens, so that the first clients meet compiled code; 0 turns it off."),
  STARTUP_WARMUP_KAFKA_RECORDS(
      "startup.warmup.kafka.records",
      Type.INT,
      "100000",
      "Records (of 128 B and 1 KiB) put and read back before the port opens through a private loopback port, the engine and Kafka, into two streams of their own (`kinesis-on-kafka-warmup-…`, deleted after), so that the first clients meet compiled HTTP and Kafka client code; only with limits off (limits hold a shard to 1,000 records/s, far below what a cold server does); a failure or 60 s pass ends it with a warning; 0 turns it off.");

  /** The kind of value a setting takes. */
  public enum Type {
    STRING,
    INT,
    BOOLEAN,
    LIST
  }

  private final String key;
  private final Type type;
  private final String defaultValue;
  private final String doc;

  Setting(String key, Type type, String defaultValue, String doc) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.doc = doc;
  }

  @Override
  public String key() {
    return key;
  }

  public Type type() {
    return type;
  }

  @Override
  public String defaultValue() {
    return defaultValue;
  }

  @Override
  public String doc() {
    return doc;
  }

  @Override
  public String paramLabel() {
    return "<" + type.name().toLowerCase(Locale.ROOT) + ">";
  }

  /** The README's configuration table. */
  public static String markdownTable() {
    return SettingSpec.markdownTable(values());
  }
}
