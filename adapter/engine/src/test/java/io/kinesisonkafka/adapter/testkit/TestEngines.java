package io.kinesisonkafka.adapter.testkit;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.ShardLimits;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.embedded.SharedKafka;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * Engine configurations for tests on a shared broker, each in a namespace of its own, and the wait
 * for a stream to be ACTIVE.
 *
 * <p>A namespace {@code ns} is the catalog topic {@code __catalog.<ns>} and the topic prefix {@code
 * <ns>.}: test classes sharing the broker never see each other's streams. Resharding runs with
 * short bounds (a 1.2 s freeze window instead of 3.5 s); producers and consumers in the same
 * namespace use {@link #CATALOG_FRESHNESS} and {@link #FAST_ACK_BOUND} too.
 */
public final class TestEngines {
  /** How fresh a catalog view must be to route on it. */
  public static final Duration CATALOG_FRESHNESS = Duration.ofMillis(300);

  /** The longest acknowledgement that needs no re-check against the catalog. */
  public static final Duration FAST_ACK_BOUND = Duration.ofMillis(700);

  /** Added to the freeze window of a reshard. */
  public static final Duration FREEZE_MARGIN = Duration.ofMillis(200);

  /** How long a stream may take to become ACTIVE. */
  public static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(60);

  private TestEngines() {}

  /** A namespace no other test uses: {@code hint} (lower case) and eight random hex digits. */
  public static String namespace(String hint) {
    return hint.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The catalog topic of namespace {@code ns}. */
  public static String catalogTopic(String ns) {
    return "__catalog." + ns;
  }

  /** The topic prefix of namespace {@code ns}. */
  public static String topicPrefix(String ns) {
    return ns + ".";
  }

  /** A configuration on the shared broker in a fresh namespace: limits off, short reshards. */
  public static EngineConfig.Builder isolated() {
    return inNamespace(SharedKafka.bootstrapServers(), namespace("t"));
  }

  /**
   * A configuration on {@code bootstrapServers} in namespace {@code ns}: limits off, short
   * reshards.
   */
  public static EngineConfig.Builder inNamespace(String bootstrapServers, String ns) {
    return fastResharding(
        EngineConfig.custom()
            .bootstrapServers(bootstrapServers)
            .catalogTopic(catalogTopic(ns))
            .topicPrefix(topicPrefix(ns))
            .shardLimits(ShardLimits.off()));
  }

  /** The short resharding bounds of the tests, on any configuration. */
  public static EngineConfig.Builder fastResharding(EngineConfig.Builder config) {
    return config
        .catalogFreshness(CATALOG_FRESHNESS)
        .fastAckBound(FAST_ACK_BOUND)
        .freezeMargin(FREEZE_MARGIN);
  }

  /** Creates a provisioned stream and waits until it is ACTIVE. */
  public static StreamRef createActive(KinesisEngine engine, String name, int shards) {
    engine.createStream(CreateStreamRequest.provisioned(name, shards));
    return awaitActive(engine, name);
  }

  /** Waits until the stream is ACTIVE (created, or done resharding), as this engine sees it. */
  public static StreamRef awaitActive(KinesisEngine engine, String name) {
    StreamRef ref = StreamRef.named(name);
    Awaitility.await()
        .atMost(ACTIVE_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> engine.describeStreamSummary(ref).streamStatus() == StreamStatus.ACTIVE);
    return ref;
  }
}
