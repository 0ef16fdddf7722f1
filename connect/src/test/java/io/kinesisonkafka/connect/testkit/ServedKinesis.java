package io.kinesisonkafka.connect.testkit;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import java.net.URI;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * This project's server for one test class, its HTTP endpoint and an SDK client of it. As a static
 * {@code @RegisterExtension} field it is closed after the class's tests and {@code @AfterAll}
 * methods.
 */
public final class ServedKinesis implements AutoCloseable, AfterAllCallback {
  private final KinesisServer server;
  private final URI endpoint;
  private final KinesisClient client;

  private ServedKinesis(KinesisServer server) {
    this.server = server;
    this.endpoint = TestServers.http(server);
    this.client = Kinesis.client(endpoint);
  }

  /** A server named {@code name} with {@code extra} settings, on the shared broker. */
  public static ServedKinesis start(String name, Map<Setting, String> extra) {
    return new ServedKinesis(TestServers.start(name, extra));
  }

  /** As {@link #start(String, Map)}, its engine's settings changed by {@code engine}. */
  public static ServedKinesis start(
      String name, Map<Setting, String> extra, UnaryOperator<EngineConfig.Builder> engine) {
    return new ServedKinesis(TestServers.start(name, extra, engine));
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A sync client without retries (see {@link Kinesis#client}). */
  public KinesisClient client() {
    return client;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
