package io.kinesisonkafka.consumer;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.testkit.TestEngine;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import io.kinesisonkafka.embedded.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine on the shared test broker in a namespace of its own (the test kit's {@link
 * TestEngine}), and schedulers reading it.
 */
final class TestStreams implements AutoCloseable {
  final String namespace;
  final String bootstrap;
  final EngineConfig engineConfig;
  final KinesisEngine engine;
  private final TestEngine kit;

  TestStreams() {
    this(SharedKafka.bootstrapServers());
  }

  TestStreams(String bootstrap) {
    this.bootstrap = bootstrap;
    kit = TestEngine.start(bootstrap, "c", b -> b);
    namespace = kit.namespace();
    engineConfig = kit.config();
    engine = kit.engine();
  }

  StreamRef create(String name, int shards) {
    return kit.createActive(name, shards);
  }

  StreamRef awaitActive(String name) {
    return kit.awaitActive(name);
  }

  /** Puts records "key-i" -> "from+j" for keys 0..keys-1, j in [from, to). */
  void put(StreamRef stream, int keys, int from, int to) {
    List<PutRecordsEntry> batch = new ArrayList<>();
    for (int j = from; j < to; j++) {
      for (int k = 0; k < keys; k++) {
        batch.add(
            PutRecordsEntry.of("key-" + k, Integer.toString(j).getBytes(StandardCharsets.UTF_8)));
        if (batch.size() == 500) {
          putAll(stream, batch);
        }
      }
    }
    putAll(stream, batch);
  }

  void putAll(StreamRef stream, List<PutRecordsEntry> batch) {
    if (batch.isEmpty()) {
      return;
    }
    var result = engine.putRecords(stream, List.copyOf(batch));
    if (result.failedRecordCount() > 0) {
      throw new AssertionError(result.failedRecordCount() + " records failed");
    }
    batch.clear();
  }

  /** Puts rounds of one record per key until stopped; returns the rounds put. */
  Thread writer(StreamRef stream, int keys, AtomicBoolean stop, AtomicInteger rounds) {
    Thread t =
        new Thread(
            () -> {
              while (!stop.get()) {
                int r = rounds.get();
                put(stream, keys, r, r + 1);
                rounds.incrementAndGet();
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "test-writer");
    t.start();
    return t;
  }

  SchedulerConfig.Builder scheduler(String application, String stream) {
    return schedulerConfig(bootstrap, namespace, application, stream);
  }

  /** Test settings: fast failover and discovery, TRIM_HORIZON. */
  static SchedulerConfig.Builder schedulerConfig(
      String bootstrap, String namespace, String application, String stream) {
    return SchedulerConfig.custom().applicationName(namespace + "-" + application).stream(stream)
        .bootstrapServers(bootstrap)
        .topicPrefix(TestEngines.topicPrefix(namespace))
        .catalogTopic(TestEngines.catalogTopic(namespace))
        .initialPosition(InitialPosition.TRIM_HORIZON)
        .idleTimeBetweenReads(Duration.ofMillis(100))
        .failoverTime(Duration.ofSeconds(6))
        .parentShardPollInterval(Duration.ofMillis(200))
        .shardSyncInterval(Duration.ofMillis(500))
        .shardEndRetryInterval(Duration.ofMillis(500))
        .gracefulShutdownTimeout(Duration.ofSeconds(20));
  }

  @Override
  public void close() {
    kit.close();
  }
}
