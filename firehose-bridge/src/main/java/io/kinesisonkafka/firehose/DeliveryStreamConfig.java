package io.kinesisonkafka.firehose;

import io.kinesisonkafka.firehose.internals.delivery.Prefixes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One delivery stream: where records come from, how they are buffered and transformed, where they
 * go. Immutable; made by {@link #builder(String)}, which reports every bad value at once.
 */
public final class DeliveryStreamConfig {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

  private final String name;
  private final Source source;
  private final Destination destination;
  private final BufferingHints bufferingHints;
  private final Processing processing;
  private final Duration retryDuration;
  private final Map<String, String> tags;
  private final String givenDestination;

  private DeliveryStreamConfig(Builder b) {
    this.name = b.name;
    this.source = b.source;
    this.destination = b.destination;
    this.bufferingHints = new BufferingHints(b.sizeInMBs, b.intervalInSeconds);
    this.processing = b.processing;
    this.retryDuration = b.retryDuration;
    this.tags = Map.copyOf(b.tags);
    this.givenDestination = b.givenDestination;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Builder toBuilder() {
    Builder b =
        new Builder(name)
            .source(source)
            .destination(destination)
            .bufferingHints(bufferingHints.sizeInMBs(), bufferingHints.intervalInSeconds())
            .processing(processing)
            .retryDuration(retryDuration)
            .givenDestination(givenDestination);
    b.tags.putAll(tags);
    return b;
  }

  public String name() {
    return name;
  }

  public Source source() {
    return source;
  }

  public Destination destination() {
    return destination;
  }

  public BufferingHints bufferingHints() {
    return bufferingHints;
  }

  public Processing processing() {
    return processing;
  }

  /** How long a failing delivery is retried before the batch goes under the error prefix. */
  public Duration retryDuration() {
    return retryDuration;
  }

  public Map<String, String> tags() {
    return tags;
  }

  /**
   * The destination configuration as the CreateDeliveryStream request gave it (JSON text), so that
   * DescribeDeliveryStream echoes every member, also those the bridge does not use (RoleARN,
   * EncryptionConfiguration, CloudWatchLoggingOptions, ...); null for a configuration built in
   * code.
   */
  public String givenDestination() {
    return givenDestination;
  }

  /** Firehose's DeliveryStreamType: DirectPut, KinesisStreamAsSource, or KafkaTopicAsSource. */
  public String deliveryStreamType() {
    if (source instanceof Source.DirectPut) {
      return "DirectPut";
    }
    return source instanceof Source.KinesisStream ? "KinesisStreamAsSource" : "KafkaTopicAsSource";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeliveryStreamConfig c
        && name.equals(c.name)
        && source.equals(c.source)
        && destination.equals(c.destination)
        && bufferingHints.equals(c.bufferingHints)
        && processing.equals(c.processing)
        && retryDuration.equals(c.retryDuration)
        && tags.equals(c.tags)
        && Objects.equals(givenDestination, c.givenDestination);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, source, destination, bufferingHints, processing, retryDuration);
  }

  @Override
  public String toString() {
    return "DeliveryStreamConfig{" + name + ", " + source + " -> " + destination + "}";
  }

  /** Thrown by {@link Builder#build()} with every problem found, one per line. */
  public static final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    InvalidConfigException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /** Collects the settings; {@link #build()} checks them all. */
  public static final class Builder {
    private final String name;
    private Source source = new Source.DirectPut(1);
    private Destination destination;
    private int sizeInMBs = BufferingHints.DEFAULT.sizeInMBs();
    private int intervalInSeconds = BufferingHints.DEFAULT.intervalInSeconds();
    private Processing processing = Processing.NONE;
    private Duration retryDuration = Duration.ofSeconds(300);
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String givenDestination;

    private Builder(String name) {
      this.name = name;
    }

    public Builder source(Source source) {
      this.source = source;
      return this;
    }

    public Builder destination(Destination destination) {
      this.destination = destination;
      return this;
    }

    public Builder bufferingHints(int sizeInMBs, int intervalInSeconds) {
      this.sizeInMBs = sizeInMBs;
      this.intervalInSeconds = intervalInSeconds;
      return this;
    }

    public Builder processing(Processing processing) {
      this.processing = processing == null ? Processing.NONE : processing;
      return this;
    }

    public Builder retryDuration(Duration retryDuration) {
      this.retryDuration = retryDuration;
      return this;
    }

    /** See {@link DeliveryStreamConfig#givenDestination()}; null for none. */
    public Builder givenDestination(String json) {
      this.givenDestination = json;
      return this;
    }

    public Builder tag(String key, String value) {
      tags.put(key, value);
      return this;
    }

    public Builder untag(String key) {
      tags.remove(key);
      return this;
    }

    /**
     * @throws InvalidConfigException naming every bad value
     */
    public DeliveryStreamConfig build() {
      List<String> problems = new ArrayList<>();
      if (name == null || !NAME.matcher(name).matches()) {
        problems.add(
            "deliveryStreamName must be 1 to 64 of [a-zA-Z0-9_.-], but was '" + name + "'");
      }
      if (source == null) {
        problems.add("source must be set");
      }
      if (destination == null) {
        problems.add("destination must be set");
      } else if (destination instanceof Destination.ObjectStorage s) {
        problems.addAll(Prefixes.problems(s.prefix(), s.errorOutputPrefix()));
        if (s.bucket().isEmpty()) {
          problems.add("bucket must not be empty");
        }
      } else if (destination instanceof Destination.Jdbc j) {
        if (!j.url().startsWith("jdbc:")) {
          problems.add("url must start with jdbc:, but was " + j.url());
        }
        if (!j.table().matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
          problems.add("table must be a plain SQL name, but was '" + j.table() + "'");
        }
        if (j.errorOutputPrefix() != null) {
          problems.addAll(Prefixes.problems("", j.errorOutputPrefix()));
        }
      } else if (destination instanceof Destination.HttpEndpoint h) {
        if (!h.url().startsWith("http://") && !h.url().startsWith("https://")) {
          problems.add("url must start with http:// or https://, but was " + h.url());
        }
        if (h.errorOutputPrefix() != null) {
          problems.addAll(Prefixes.problems("", h.errorOutputPrefix()));
        }
      }
      String hints = BufferingHints.problem(sizeInMBs, intervalInSeconds);
      if (hints != null) {
        problems.add(hints);
      }
      if (processing.enabled()
          && (processing.numberOfRetries() < 0 || processing.numberOfRetries() > 300)) {
        problems.add(
            "processing.numberOfRetries must be in [0, 300], but was "
                + processing.numberOfRetries());
      }
      if (retryDuration == null
          || retryDuration.isNegative()
          || retryDuration.compareTo(Duration.ofSeconds(7200)) > 0) {
        problems.add("retryDuration must be in [0 s, 7200 s], but was " + retryDuration);
      }
      if (tags.size() > 50) {
        problems.add("at most 50 tags, but there were " + tags.size());
      }
      if (!problems.isEmpty()) {
        throw new InvalidConfigException(problems);
      }
      return new DeliveryStreamConfig(this);
    }
  }
}
