package io.kinesisonkafka.lambda.internals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.lambda.EventSourceMapping;
import io.kinesisonkafka.lambda.EventSourceMapping.FailureDestination;
import io.kinesisonkafka.lambda.EventSourceMapping.StartingPosition;
import io.kinesisonkafka.lambda.InvalidMappingException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code CreateEventSourceMapping} request (the JSON of {@code aws lambda
 * create-event-source-mapping --cli-input-json}) for a Kinesis stream, collecting one message per
 * bad setting. Defaults and ranges are AWS's for Kinesis sources.
 */
public final class MappingJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STREAM_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\\d{12}):stream/([a-zA-Z0-9_.-]{1,128})");
  private static final Pattern QUEUE_OR_TOPIC_ARN =
      Pattern.compile("arn:aws[a-z-]*:(sqs|sns):[a-z0-9-]+:\\d{12}:([a-zA-Z0-9_.-]+)");

  /** Settings that belong to other kinds of event source: refused by name. */
  private static final Map<String, String> OTHER_SOURCES =
      Map.ofEntries(
          Map.entry("Topics", "Kafka sources"),
          Map.entry("Queues", "Amazon MQ sources"),
          Map.entry("SourceAccessConfigurations", "Kafka and Amazon MQ sources"),
          Map.entry("SelfManagedEventSource", "self-managed Kafka sources"),
          Map.entry("AmazonManagedKafkaEventSourceConfig", "Amazon MSK sources"),
          Map.entry("SelfManagedKafkaEventSourceConfig", "self-managed Kafka sources"),
          Map.entry("ScalingConfig", "SQS sources"),
          Map.entry("DocumentDBEventSourceConfig", "DocumentDB sources"),
          Map.entry("ProvisionedPollerConfig", "Kafka sources"));

  /** Settings accepted and not used here: tags, the filter encryption key, metrics opt-in. */
  private static final Set<String> IGNORED = Set.of("Tags", "KMSKeyArn", "MetricsConfig");

  private static final Set<String> KNOWN =
      Set.of(
          "FunctionName",
          "EventSourceArn",
          "Enabled",
          "BatchSize",
          "MaximumBatchingWindowInSeconds",
          "StartingPosition",
          "StartingPositionTimestamp",
          "ParallelizationFactor",
          "BisectBatchOnFunctionError",
          "MaximumRetryAttempts",
          "MaximumRecordAgeInSeconds",
          "DestinationConfig",
          "TumblingWindowInSeconds",
          "FunctionResponseTypes",
          "FilterCriteria");

  private final List<String> problems = new ArrayList<>();

  private MappingJson() {}

  /** Parses and checks; throws {@link InvalidMappingException} with every problem at once. */
  public static EventSourceMapping parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidMappingException(
          List.of("The mapping is not JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidMappingException(List.of("The mapping must be a JSON object"));
    }
    return new MappingJson().read(root);
  }

  private EventSourceMapping read(JsonNode root) {
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (OTHER_SOURCES.containsKey(name)) {
        problems.add(name + " applies to " + OTHER_SOURCES.get(name) + ", not to a Kinesis stream");
      } else if (!KNOWN.contains(name) && !IGNORED.contains(name)) {
        problems.add(name + " is not a setting of CreateEventSourceMapping");
      }
    }
    String functionName = text(root, "FunctionName", null);
    if (functionName == null || functionName.isBlank()) {
      problems.add("FunctionName must be set");
    } else if (functionName.contains(":function:")) {
      functionName = functionName.substring(functionName.indexOf(":function:") + 10);
    }
    String arn = text(root, "EventSourceArn", null);
    String stream = null;
    String region = null;
    String account = null;
    if (arn == null) {
      problems.add("EventSourceArn must be set to a Kinesis stream ARN");
    } else {
      Matcher m = STREAM_ARN.matcher(arn);
      if (m.matches()) {
        region = m.group(1);
        account = m.group(2);
        stream = m.group(3);
      } else {
        problems.add(
            "EventSourceArn must be a Kinesis stream ARN (arn:aws:kinesis:<region>:<account>"
                + ":stream/<name>), but was '"
                + arn
                + "'");
      }
    }
    boolean enabled = bool(root, "Enabled", true);
    int batchSize = integer(root, "BatchSize", 100, 1, 10_000);
    int window = integer(root, "MaximumBatchingWindowInSeconds", 0, 0, 300);
    int parallelization = integer(root, "ParallelizationFactor", 1, 1, 10);
    boolean bisect = bool(root, "BisectBatchOnFunctionError", false);
    int retries = integer(root, "MaximumRetryAttempts", -1, -1, 10_000);
    int maxAge = integer(root, "MaximumRecordAgeInSeconds", -1, -1, 604_800);
    if (maxAge != -1 && maxAge < 60 && root.has("MaximumRecordAgeInSeconds")) {
      problems.add(
          "MaximumRecordAgeInSeconds must be -1 (no limit) or in [60, 604800], but was " + maxAge);
      maxAge = -1;
    }
    int tumbling = integer(root, "TumblingWindowInSeconds", 0, 0, 900);
    StartingPosition position = startingPosition(root);
    Instant timestamp = startingTimestamp(root, position);
    boolean report = responseTypes(root);
    Optional<FailureDestination> onFailure = destination(root);
    List<String> filters = filters(root);
    if (!problems.isEmpty()) {
      throw new InvalidMappingException(problems);
    }
    return new EventSourceMapping(
        functionName,
        arn,
        stream,
        region,
        account,
        enabled,
        batchSize,
        Duration.ofSeconds(window),
        position,
        timestamp,
        parallelization,
        bisect,
        retries,
        maxAge == -1 ? Optional.empty() : Optional.of(Duration.ofSeconds(maxAge)),
        onFailure,
        Duration.ofSeconds(tumbling),
        report,
        List.copyOf(filters));
  }

  private StartingPosition startingPosition(JsonNode root) {
    String value = text(root, "StartingPosition", null);
    if (value == null) {
      problems.add(
          "StartingPosition must be set for a Kinesis stream (TRIM_HORIZON, LATEST or"
              + " AT_TIMESTAMP)");
      return StartingPosition.LATEST;
    }
    try {
      return StartingPosition.valueOf(value);
    } catch (IllegalArgumentException e) {
      problems.add(
          "StartingPosition must be TRIM_HORIZON, LATEST or AT_TIMESTAMP, but was '" + value + "'");
      return StartingPosition.LATEST;
    }
  }

  private Instant startingTimestamp(JsonNode root, StartingPosition position) {
    JsonNode node = root.get("StartingPositionTimestamp");
    if (node == null || node.isNull()) {
      if (position == StartingPosition.AT_TIMESTAMP) {
        problems.add("StartingPositionTimestamp must be set with StartingPosition AT_TIMESTAMP");
      }
      return null;
    }
    if (position != StartingPosition.AT_TIMESTAMP) {
      problems.add("StartingPositionTimestamp is only allowed with StartingPosition AT_TIMESTAMP");
      return null;
    }
    if (node.isNumber()) {
      // The CLI and the API take epoch seconds, with a fraction.
      BigDecimal seconds = node.decimalValue();
      return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      problems.add(
          "StartingPositionTimestamp must be epoch seconds or an ISO-8601 instant, but was '"
              + node.asText()
              + "'");
      return null;
    }
  }

  private boolean responseTypes(JsonNode root) {
    JsonNode node = root.get("FunctionResponseTypes");
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isArray()) {
      problems.add("FunctionResponseTypes must be a list, e.g. [\"ReportBatchItemFailures\"]");
      return false;
    }
    boolean report = false;
    for (JsonNode t : node) {
      if ("ReportBatchItemFailures".equals(t.asText())) {
        report = true;
      } else {
        problems.add("FunctionResponseTypes may only hold ReportBatchItemFailures, but held " + t);
      }
    }
    return report;
  }

  private Optional<FailureDestination> destination(JsonNode root) {
    JsonNode config = root.get("DestinationConfig");
    if (config == null || config.isNull()) {
      return Optional.empty();
    }
    if (!config.isObject()) {
      problems.add("DestinationConfig must be an object with OnFailure");
      return Optional.empty();
    }
    for (Iterator<String> names = config.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.equals("OnSuccess")) {
        problems.add(
            "DestinationConfig.OnSuccess applies to Kafka sources, not to a Kinesis stream");
      } else if (!name.equals("OnFailure")) {
        problems.add("DestinationConfig." + name + " is not a setting of DestinationConfig");
      }
    }
    JsonNode destination = config.path("OnFailure").get("Destination");
    if (destination == null || destination.isNull()) {
      return Optional.empty();
    }
    String value = destination.asText();
    if (value.startsWith("kafka:") && value.length() > 6) {
      return Optional.of(
          new FailureDestination(FailureDestination.Kind.KAFKA_TOPIC, value.substring(6), value));
    }
    if (value.startsWith("file:") && value.length() > 5) {
      return Optional.of(
          new FailureDestination(FailureDestination.Kind.FILE, value.substring(5), value));
    }
    Matcher m = QUEUE_OR_TOPIC_ARN.matcher(value);
    if (m.matches()) {
      return Optional.of(
          new FailureDestination(FailureDestination.Kind.KAFKA_TOPIC, m.group(2), value));
    }
    problems.add(
        "DestinationConfig.OnFailure.Destination must be kafka:<topic>, file:<path>, or an SQS"
            + " queue or SNS topic ARN (its name is the Kafka topic), but was '"
            + value
            + "'");
    return Optional.empty();
  }

  private List<String> filters(JsonNode root) {
    JsonNode criteria = root.get("FilterCriteria");
    if (criteria == null || criteria.isNull()) {
      return List.of();
    }
    JsonNode filters = criteria.get("Filters");
    if (filters == null || !filters.isArray()) {
      problems.add("FilterCriteria must hold a Filters list");
      return List.of();
    }
    if (filters.size() > 5) {
      problems.add("FilterCriteria.Filters may hold at most 5 filters, but held " + filters.size());
    }
    List<String> patterns = new ArrayList<>();
    int i = 0;
    for (JsonNode f : filters) {
      String pattern = f.path("Pattern").asText(null);
      String where = "FilterCriteria.Filters[" + i++ + "].Pattern";
      if (pattern == null) {
        problems.add(where + " must be set");
        continue;
      }
      if (pattern.length() > 4096) {
        problems.add(where + " may be at most 4096 characters, but was " + pattern.length());
        continue;
      }
      try {
        FilterPattern.compile(pattern);
        patterns.add(pattern);
      } catch (IllegalArgumentException e) {
        problems.add(where + " is not a valid filter pattern: " + e.getMessage());
      }
    }
    return patterns;
  }

  private String text(JsonNode root, String name, String fallback) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual()) {
      problems.add(name + " must be a string, but was " + node);
      return fallback;
    }
    return node.asText();
  }

  private boolean bool(JsonNode root, String name, boolean fallback) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      problems.add(name + " must be true or false, but was " + node);
      return fallback;
    }
    return node.asBoolean();
  }

  private int integer(JsonNode root, String name, int fallback, int min, int max) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      problems.add(name + " must be a whole number in [" + min + ", " + max + "], but was " + node);
      return fallback;
    }
    int v = node.asInt();
    if (v < min || v > max) {
      problems.add(name + " must be in [" + min + ", " + max + "], but was " + v);
      return fallback;
    }
    return v;
  }
}
