package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_NOT_FOUND;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import io.kinesisonkafka.adapter.internals.state.StreamState.ConsumerState;
import io.kinesisonkafka.adapter.model.ConsumerDescription;
import io.kinesisonkafka.adapter.model.ListConsumersResult;
import io.kinesisonkafka.adapter.model.StreamRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Enhanced fan-out consumers: registered in the catalog with the stream, CREATING until the
 * lifecycle driver marks them ACTIVE (the KCL polls DescribeStreamConsumer for that), named by ARNs
 * of the form {@code <stream ARN>/consumer/<name>:<creation second>}.
 */
public final class ConsumerRegistrations {
  static final int MAX_CONSUMERS = 20;
  private static final Pattern CONSUMER_ARN =
      Pattern.compile(
          "(arn:aws[^:]*:kinesis:[^:]*:\\d{12}:stream/[a-zA-Z0-9_.-]+)/consumer/([a-zA-Z0-9_.-]+):(\\d+)");

  private final EngineConfig config;
  private final StreamLookup lookup;
  private final CatalogLog catalog;
  private final StreamLifecycle lifecycle;

  /** A consumer found by name or ARN, with its stream. */
  public record Found(StreamState stream, ConsumerState consumer) {}

  ConsumerRegistrations(
      EngineConfig config, StreamLookup lookup, CatalogLog catalog, StreamLifecycle lifecycle) {
    this.config = config;
    this.lookup = lookup;
    this.catalog = catalog;
    this.lifecycle = lifecycle;
  }

  public ConsumerDescription register(String streamArn, String consumerName) {
    StreamState stream = lookup.resolveFresh(StreamRef.arn(required("streamARN", streamArn)));
    String name = ModelConstraints.name("consumerName", consumerName);
    catalog
        .append(
            new CatalogCommand.RegisterConsumer(
                stream.name(), stream.incarnation(), name, MAX_CONSUMERS),
            config.requestTimeout())
        .throwIfRejected();
    lifecycle.drive(stream.name());
    return describe(lookup.resolve(StreamRef.named(stream.name())), name);
  }

  public ConsumerDescription describe(String streamArn, String consumerName, String consumerArn) {
    Found found = find(streamArn, consumerName, consumerArn);
    return describe(found.stream(), found.consumer().name());
  }

  public void deregister(String streamArn, String consumerName, String consumerArn) {
    Found found = find(streamArn, consumerName, consumerArn);
    catalog
        .append(
            new CatalogCommand.DeregisterConsumer(
                found.stream().name(), found.stream().incarnation(), found.consumer().name()),
            config.requestTimeout())
        .throwIfRejected();
  }

  public ListConsumersResult list(String streamArn, String nextToken, Integer maxResults) {
    StreamState stream = lookup.resolve(StreamRef.arn(required("streamARN", streamArn)));
    int max = ModelConstraints.limit(maxResults, "maxResults", 1, 10_000, 100);
    String after = null;
    if (nextToken != null) {
      try {
        after = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw INVALID_ARGUMENT.exception("Invalid NextToken.");
      }
    }
    List<ConsumerDescription> page = new ArrayList<>();
    String last = null;
    boolean more = false;
    for (ConsumerState c : stream.consumers().values()) {
      if (after != null && c.name().compareTo(after) <= 0) {
        continue;
      }
      if (page.size() == max) {
        more = true;
        break;
      }
      page.add(describe(stream, c.name()));
      last = c.name();
    }
    String token =
        more
            ? Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(last.getBytes(StandardCharsets.UTF_8))
            : null;
    return new ListConsumersResult(page, token);
  }

  /** The consumer a request names: by stream ARN and name, or by consumer ARN. */
  public Found find(String streamArn, String consumerName, String consumerArn) {
    String name = consumerName;
    String arn = streamArn;
    Long createdSeconds = null;
    if (consumerArn != null) {
      Matcher m = CONSUMER_ARN.matcher(consumerArn);
      if (!m.matches()) {
        throw ModelConstraints.invalid(
            "consumerARN",
            consumerArn,
            "must satisfy regular expression pattern:"
                + " ^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+");
      }
      arn = m.group(1);
      name = m.group(2);
      createdSeconds = Long.parseLong(m.group(3));
    } else if (streamArn == null || consumerName == null) {
      throw INVALID_ARGUMENT.exception(
          "Either ConsumerARN or both StreamARN and ConsumerName must be provided.");
    }
    StreamState stream = lookup.resolve(StreamRef.arn(arn));
    ConsumerState consumer = stream.consumers().get(name);
    if (consumer == null
        || (createdSeconds != null && consumer.createdAtMillis() / 1000 != createdSeconds)) {
      throw RESOURCE_NOT_FOUND.exception(
          "Consumer %s under stream %s not found for account %s.",
          name, stream.name(), config.accountId());
    }
    return new Found(stream, consumer);
  }

  String consumerArn(StreamState stream, ConsumerState c) {
    return lookup.arn(stream.name()) + "/consumer/" + c.name() + ":" + c.createdAtMillis() / 1000;
  }

  private ConsumerDescription describe(StreamState stream, String name) {
    ConsumerState c = stream.consumers().get(name);
    return new ConsumerDescription(
        c.name(),
        consumerArn(stream, c),
        c.active() ? "ACTIVE" : "CREATING",
        Instant.ofEpochMilli(c.createdAtMillis()),
        lookup.arn(stream.name()));
  }

  private static String required(String member, String value) {
    if (value == null) {
      throw ModelConstraints.invalid(member, null, "must not be null");
    }
    return value;
  }
}
