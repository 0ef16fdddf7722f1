package io.kinesisonkafka.firehose;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link FirehoseBridge} runs: its Kafka cluster and topics, where objects go, the named
 * transformers, retry back-off. Immutable; {@link #custom(String)} starts a builder whose {@link
 * Builder#build()} reports every bad value at once.
 */
public final class BridgeConfig {
  private final String bootstrapServers;
  private final Map<String, String> kafkaProperties;
  private final String catalogTopic;
  private final String topicPrefix;
  private final String kinesisTopicPrefix;
  private final String groupPrefix;
  private final int replicationFactor;
  private final ObjectStore objectStore;
  private final Map<String, RecordTransformer> transformers;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration pollTimeout;
  private final MeterRegistry meters;
  private final Clock clock;
  private final String region;
  private final String account;
  private final Path deliveryStreamsFile;

  private BridgeConfig(Builder b) {
    this.bootstrapServers = b.bootstrapServers;
    this.kafkaProperties = Map.copyOf(b.kafkaProperties);
    this.catalogTopic = b.catalogTopic;
    this.topicPrefix = b.topicPrefix;
    this.kinesisTopicPrefix = b.kinesisTopicPrefix;
    this.groupPrefix = b.groupPrefix;
    this.replicationFactor = b.replicationFactor;
    this.objectStore = b.objectStore;
    this.transformers = Map.copyOf(b.transformers);
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.pollTimeout = b.pollTimeout;
    this.meters = b.meters;
    this.clock = b.clock;
    this.region = b.region;
    this.account = b.account;
    this.deliveryStreamsFile = b.deliveryStreamsFile;
  }

  /** A builder with the defaults, for a bridge on {@code bootstrapServers}. */
  public static Builder custom(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Extra Kafka client settings (SASL, TLS, ...) for every client the bridge makes. */
  public Map<String, String> kafkaProperties() {
    return kafkaProperties;
  }

  /** The compacted topic of the delivery streams; default {@code __firehose_catalog}. */
  public String catalogTopic() {
    return catalogTopic;
  }

  /** DirectPut delivery stream {@code d} appends to topic {@code <topicPrefix>d}. */
  public String topicPrefix() {
    return topicPrefix;
  }

  /** Kinesis stream {@code s} of the adapter is topic {@code <kinesisTopicPrefix>s}. */
  public String kinesisTopicPrefix() {
    return kinesisTopicPrefix;
  }

  /** Delivery stream {@code d} commits source offsets for group {@code <groupPrefix>d}. */
  public String groupPrefix() {
    return groupPrefix;
  }

  public int replicationFactor() {
    return replicationFactor;
  }

  public ObjectStore objectStore() {
    return objectStore;
  }

  public Map<String, RecordTransformer> transformers() {
    return transformers;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  public Duration pollTimeout() {
    return pollTimeout;
  }

  public MeterRegistry meters() {
    return meters;
  }

  public Clock clock() {
    return clock;
  }

  public String region() {
    return region;
  }

  public String account() {
    return account;
  }

  /** A JSON file of delivery streams created (or updated) at start; null for none. */
  public Path deliveryStreamsFile() {
    return deliveryStreamsFile;
  }

  /** Collects the settings; {@link #build()} checks them all. */
  public static final class Builder {
    private final String bootstrapServers;
    private final Map<String, String> kafkaProperties = new HashMap<>();
    private String catalogTopic = "__firehose_catalog";
    private String topicPrefix = "firehose.";
    private String kinesisTopicPrefix = "kinesis.";
    private String groupPrefix = "firehose-delivery.";
    private int replicationFactor = -1;
    private ObjectStore objectStore = ObjectStore.files(Path.of("firehose-data"));
    private final Map<String, RecordTransformer> transformers = new HashMap<>();
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(120);
    private Duration pollTimeout = Duration.ofMillis(200);
    private MeterRegistry meters = new SimpleMeterRegistry();
    private Clock clock = Clock.systemUTC();
    private String region = "us-east-1";
    private String account = "000000000000";
    private Path deliveryStreamsFile;

    private Builder(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    public Builder kafkaProperties(Map<String, String> properties) {
      kafkaProperties.putAll(properties);
      return this;
    }

    public Builder catalogTopic(String topic) {
      this.catalogTopic = topic;
      return this;
    }

    public Builder topicPrefix(String prefix) {
      this.topicPrefix = prefix;
      return this;
    }

    public Builder kinesisTopicPrefix(String prefix) {
      this.kinesisTopicPrefix = prefix;
      return this;
    }

    public Builder groupPrefix(String prefix) {
      this.groupPrefix = prefix;
      return this;
    }

    public Builder replicationFactor(int replicationFactor) {
      this.replicationFactor = replicationFactor;
      return this;
    }

    public Builder objectStore(ObjectStore store) {
      this.objectStore = store;
      return this;
    }

    /** Registers a transformer that {@link Processing#function()} names. */
    public Builder transformer(String name, RecordTransformer transformer) {
      transformers.put(name, transformer);
      return this;
    }

    /** Back-off of delivery retries: from {@code initial}, doubling, capped at {@code max}. */
    public Builder retryBackoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    public Builder pollTimeout(Duration pollTimeout) {
      this.pollTimeout = pollTimeout;
      return this;
    }

    public Builder meters(MeterRegistry meters) {
      this.meters = meters;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public Builder account(String account) {
      this.account = account;
      return this;
    }

    public Builder deliveryStreamsFile(Path file) {
      this.deliveryStreamsFile = file;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming every bad value
     */
    public BridgeConfig build() {
      List<String> problems = new ArrayList<>();
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        problems.add("bootstrapServers must be set");
      }
      for (String[] topic :
          new String[][] {
            {"catalogTopic", catalogTopic},
            {"topicPrefix", topicPrefix},
            {"groupPrefix", groupPrefix}
          }) {
        if (topic[1] == null || topic[1].isEmpty()) {
          problems.add(topic[0] + " must not be empty");
        }
      }
      if (objectStore == null) {
        problems.add("objectStore must be set");
      }
      if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()) {
        problems.add("initialBackoff must be > 0, but was " + initialBackoff);
      } else if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
        problems.add("maxBackoff must be >= initialBackoff, but was " + maxBackoff);
      }
      if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero()) {
        problems.add("pollTimeout must be > 0, but was " + pollTimeout);
      }
      if (meters == null || clock == null) {
        problems.add("meters and clock must be set");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new BridgeConfig(this);
    }
  }
}
