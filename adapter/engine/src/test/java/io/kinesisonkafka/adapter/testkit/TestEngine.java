package io.kinesisonkafka.adapter.testkit;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.embedded.SharedKafka;
import java.util.function.UnaryOperator;

/**
 * A started engine in a namespace of its own ({@link TestEngines}), for tests that create streams
 * and then run a producer, a consumer or a second engine in the same namespace. Close it after the
 * test class.
 */
public final class TestEngine implements AutoCloseable {
  private final String bootstrapServers;
  private final String namespace;
  private final EngineConfig config;
  private final KinesisEngine engine;

  private TestEngine(String bootstrapServers, String namespace, EngineConfig config) {
    this.bootstrapServers = bootstrapServers;
    this.namespace = namespace;
    this.config = config;
    this.engine = KinesisEngine.start(config);
  }

  /** On the shared broker, in a fresh namespace starting with {@code hint}. */
  public static TestEngine start(String hint) {
    return start(SharedKafka.bootstrapServers(), hint, UnaryOperator.identity());
  }

  /** On {@code bootstrapServers}, in a fresh namespace, with further engine settings. */
  public static TestEngine start(
      String bootstrapServers, String hint, UnaryOperator<EngineConfig.Builder> more) {
    String ns = TestEngines.namespace(hint);
    EngineConfig config = more.apply(TestEngines.inNamespace(bootstrapServers, ns)).build();
    return new TestEngine(bootstrapServers, ns, config);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The namespace: see {@link TestEngines#catalogTopic} and {@link TestEngines#topicPrefix}. */
  public String namespace() {
    return namespace;
  }

  public EngineConfig config() {
    return config;
  }

  public KinesisEngine engine() {
    return engine;
  }

  /** The Kafka topic of {@code stream}. */
  public String topic(String stream) {
    return config.topicPrefix() + stream;
  }

  /** Creates a provisioned stream and waits until it is ACTIVE. */
  public StreamRef createActive(String name, int shards) {
    return TestEngines.createActive(engine, name, shards);
  }

  /** Waits until the stream is ACTIVE. */
  public StreamRef awaitActive(String name) {
    return TestEngines.awaitActive(engine, name);
  }

  @Override
  public void close() {
    engine.close();
  }
}
