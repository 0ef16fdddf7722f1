package io.kinesisonkafka.adapter;

import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.embedded.SharedKafka;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/** Engines on the shared test broker, each test class in its own catalog and topic namespace. */
final class TestEngines {
  private TestEngines() {}

  /** A configuration isolated from other test classes: own catalog topic and topic prefix. */
  static EngineConfig.Builder isolated() {
    String ns = "t" + UUID.randomUUID().toString().substring(0, 8);
    return EngineConfig.custom()
        .bootstrapServers(SharedKafka.bootstrapServers())
        .catalogTopic("__catalog." + ns)
        .topicPrefix(ns + ".")
        .shardLimits(ShardLimits.off())
        .catalogFreshness(Duration.ofMillis(300))
        .fastAckBound(Duration.ofMillis(700))
        .freezeMargin(Duration.ofMillis(200));
  }

  static StreamRef createActive(KinesisEngine engine, String name, int shards) {
    engine.createStream(CreateStreamRequest.provisioned(name, shards));
    return awaitActive(engine, name);
  }

  static StreamRef awaitActive(KinesisEngine engine, String name) {
    StreamRef ref = StreamRef.named(name);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> engine.describeStreamSummary(ref).streamStatus() == StreamStatus.ACTIVE);
    return ref;
  }

  /** A clock tests can move forward. */
  static final class MovableClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();

    void advance(Duration d) {
      offsetMillis.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
      return System.currentTimeMillis() + offsetMillis.get();
    }
  }
}
