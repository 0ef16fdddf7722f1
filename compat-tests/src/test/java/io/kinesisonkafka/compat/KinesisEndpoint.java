package io.kinesisonkafka.compat;

import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server under test, in this JVM, on the shared embedded Kafka: a plain port (HTTP/1.1 and h2c)
 * and a TLS port with a self-signed certificate. Limits are off so that a burst from a test is
 * never throttled; each instance has a catalog and topic prefix of its own (the test kit's {@link
 * TestServers}).
 *
 * <p>It runs in the test JVM because the class path agrees: the server needs Netty 4.1 (managed to
 * the parent's 4.1.137 here too) and, only when SigV4 verification is on, the SDK signer; the KCL's
 * SDK 2.41.21 serves both.
 */
final class KinesisEndpoint implements AutoCloseable {
  private final KinesisServer server;

  private KinesisEndpoint(KinesisServer server) {
    this.server = server;
  }

  static KinesisEndpoint start(String testName) {
    return new KinesisEndpoint(TestServers.start(testName));
  }

  /** The engine's configuration: bootstrap servers, topic prefix and catalog topic of the test. */
  io.kinesisonkafka.adapter.EngineConfig engineConfig() {
    return server.engine().config();
  }

  int port() {
    return server.port();
  }

  int tlsPort() {
    return server.tlsPort();
  }

  /** The plain port: HTTP/1.1, or h2c with prior knowledge. */
  URI http() {
    return URI.create("http://localhost:" + server.port());
  }

  /** The TLS port: HTTP/1.1 or HTTP/2, with or without ALPN; the certificate is self-signed. */
  URI https() {
    return URI.create("https://localhost:" + server.tlsPort());
  }

  /**
   * Requests served so far, counted by operation (the part of {@code X-Amz-Target} after the dot)
   * and error code: {@code "GetRecords"}, {@code "DescribeStreamConsumer
   * ResourceNotFoundException"}.
   */
  Map<String, Long> requests() {
    Map<String, Long> counts = new TreeMap<>();
    for (Timer timer : server.meters().find("kinesis.api.requests").timers()) {
      String operation = timer.getId().getTag("operation");
      operation = operation.substring(operation.lastIndexOf('.') + 1);
      String error = timer.getId().getTag("error");
      String key = "none".equals(error) ? operation : operation + " " + error;
      counts.merge(key, timer.count(), Long::sum);
    }
    return counts;
  }

  long requests(String operation) {
    return requests().getOrDefault(operation, 0L);
  }

  @Override
  public void close() {
    server.close();
  }
}
