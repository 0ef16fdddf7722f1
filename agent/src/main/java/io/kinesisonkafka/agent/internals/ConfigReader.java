package io.kinesisonkafka.agent.internals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kinesisonkafka.agent.AgentConfig;
import io.kinesisonkafka.agent.AgentConfig.KafkaSettings;
import io.kinesisonkafka.agent.ConfigException;
import io.kinesisonkafka.agent.FlowConfig;
import io.kinesisonkafka.agent.FlowConfig.Destination;
import io.kinesisonkafka.agent.processing.DataConverter;
import io.kinesisonkafka.agent.processing.ProcessingOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Reads agent.json and agent.d/*.json into an {@link AgentConfig}, collecting one message per wrong
 * key. Ranges and defaults are the AWS agent's; the {@code kafka.*} keys are this agent's own.
 */
public final class ConfigReader {
  /** Global keys of the AWS agent that mean nothing here: accepted, listed at start. */
  static final Set<String> IGNORED_GLOBAL =
      Set.of(
          "awsAccessKeyId",
          "awsSecretAccessKey",
          "awsSessionToken",
          "assumeRoleARN",
          "assumeRoleExternalId",
          "assumeRoleDurationSeconds",
          "userDefinedCredentialsProvider.classname",
          "userDefinedCredentialsProvider.location",
          "region",
          "sts.endpoint",
          "kinesis.endpoint",
          "firehose.endpoint",
          "cloudwatch.endpoint",
          "cloudwatch.emitMetrics",
          "cloudwatch.namespace",
          "cloudwatch.metricsQueueSize",
          "cloudwatch.tagInstance",
          "log.emitMetrics",
          "log.emitInternalMetrics",
          "maxSendingThreads",
          "maxSendingThreadsPerCore",
          "sendingThreadsKeepAliveMillis",
          "sendingThreadsMaxQueueSize",
          "checkpoints.connectionTimeoutSeconds",
          "checkpoints.queryTimeoutSeconds",
          "maxConnections",
          "connectionTimeoutMillis",
          "connectionTTLMillis",
          "socketTimeoutMillis",
          "useTcpKeepAlive",
          "useHttpGzip",
          "userAgent",
          "userAgentOverride",
          "metadataTTL");

  static final Set<String> KNOWN_GLOBAL =
      Set.of(
          "flows",
          "checkpointFile",
          "checkpointIntervalMillis",
          "checkpointTimeToLiveDays",
          "log.statusReportingPeriodSeconds",
          "shutdownTimeoutMillis",
          "kafka.bootstrapServers",
          "kafka.properties",
          "kafka.topicPrefix",
          "kafka.catalogTopic",
          "kafka.firehoseTopicPrefix",
          "kafka.aggregationEnabled",
          "kafka.rateLimit",
          "kafka.catalogFreshnessMillis",
          "kafka.fastAckBoundMillis",
          "kafka.maxOutstandingBytes",
          "kafka.maxProducers");

  /** Flow keys of the AWS agent that mean nothing here (its own queues): accepted, listed. */
  static final Set<String> IGNORED_FLOW =
      Set.of(
          "waitOnFullPublishQueueMillis",
          "waitOnEmptyPublishQueueMillis",
          "waitOnFullRetryQueueMillis",
          "publishQueueCapacity",
          "aggregatedRecordSizeBytes",
          "log.emitInternalMetrics");

  static final Set<String> KNOWN_FLOW =
      Set.of(
          "filePattern",
          "kinesisStream",
          "deliveryStream",
          "partitionKeyOption",
          "initialPosition",
          "maxBufferAgeMillis",
          "maxBufferSizeBytes",
          "maxBufferSizeRecords",
          "multiLineStartPattern",
          "skipHeaderLines",
          "fileFooterPattern",
          "truncatedRecordTerminator",
          "dataProcessingOptions",
          "minTimeBetweenFilePollsMillis",
          "maxTimeBetweenFileTrackerRefreshMillis",
          "retryInitialBackoffMillis",
          "retryMaxBackoffMillis");

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .build();

  private final Clock clock;
  private final List<String> problems = new ArrayList<>();
  private final List<String> ignored = new ArrayList<>();

  public ConfigReader(Clock clock) {
    this.clock = clock;
  }

  public AgentConfig read(Path agentJson, Path agentD, Map<String, String> overrides)
      throws IOException {
    Map<String, JsonNode> globals = new LinkedHashMap<>();
    List<FlowConfig> flows = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    files.add(agentJson);
    if (agentD != null && Files.isDirectory(agentD)) {
      try (Stream<Path> s = Files.list(agentD)) {
        s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
      }
    }
    for (Path file : files) {
      JsonNode root;
      try {
        root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
      } catch (JsonProcessingException e) {
        problems.add(file + ": not JSON: " + e.getOriginalMessage());
        continue;
      }
      if (root == null || !root.isObject()) {
        problems.add(file + ": must hold a JSON object");
        continue;
      }
      String name = file.getFileName().toString();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        if (key.equals("flows")) {
          readFlows(name, e.getValue(), flows);
        } else if (IGNORED_GLOBAL.contains(key)) {
          ignored.add(name + ": " + key);
        } else if (KNOWN_GLOBAL.contains(key)) {
          globals.put(key, e.getValue());
        } else {
          problems.add(name + ": " + key + ": unknown key");
        }
      }
    }
    overrides.forEach((k, v) -> globals.put(k, MAPPER.getNodeFactory().textNode(v)));
    Values g = new Values("", globals, problems);
    Path checkpointFile =
        Path.of(g.string("checkpointFile", AgentConfig.DEFAULT_CHECKPOINT_FILE.toString()));
    Duration checkpointInterval =
        Duration.ofMillis(g.number("checkpointIntervalMillis", 1000, 10, 600_000));
    Duration ttl = Duration.ofDays(g.number("checkpointTimeToLiveDays", 7, 1, 36_500));
    Duration status =
        Duration.ofSeconds(g.number("log.statusReportingPeriodSeconds", 30, 1, 86_400));
    Duration shutdown = Duration.ofMillis(g.number("shutdownTimeoutMillis", 10_000, 0, 3_600_000));
    String bootstrap = g.string("kafka.bootstrapServers", null);
    if (bootstrap == null || bootstrap.isBlank()) {
      problems.add(
          "kafka.bootstrapServers: required (in agent.json or --bootstrap-servers), e.g."
              + " broker-1:9092");
    }
    KafkaSettings kafka =
        new KafkaSettings(
            bootstrap,
            g.stringMap("kafka.properties"),
            g.string("kafka.topicPrefix", "kinesis."),
            g.string("kafka.catalogTopic", "__kinesis_catalog"),
            g.string("kafka.firehoseTopicPrefix", "firehose."),
            g.bool("kafka.aggregationEnabled", false),
            g.number("kafka.rateLimit", 150, 0, 10_000),
            Duration.ofMillis(g.number("kafka.catalogFreshnessMillis", 1000, 1, 600_000)),
            Duration.ofMillis(g.number("kafka.fastAckBoundMillis", 2000, 1, 600_000)),
            g.number("kafka.maxOutstandingBytes", 16L << 20, 1L << 20, 1L << 40),
            (int) g.number("kafka.maxProducers", 1, 1, 256));
    if (flows.isEmpty() && problems.isEmpty()) {
      problems.add("flows: no flow is configured");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new AgentConfig(
        checkpointFile, checkpointInterval, ttl, status, shutdown, kafka, flows, ignored);
  }

  private void readFlows(String file, JsonNode node, List<FlowConfig> flows) {
    if (!node.isArray()) {
      problems.add(file + ": flows: must be a list of flows");
      return;
    }
    for (int i = 0; i < node.size(); i++) {
      String where = file + ": flows[" + i + "]";
      JsonNode f = node.get(i);
      if (!f.isObject()) {
        problems.add(where + ": must be an object");
        continue;
      }
      FlowConfig flow = readFlow(where, f);
      if (flow != null) {
        flows.add(flow);
      }
    }
  }

  private FlowConfig readFlow(String where, JsonNode f) {
    int before = problems.size();
    Map<String, JsonNode> keys = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = f.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (IGNORED_FLOW.contains(e.getKey())) {
        ignored.add(where + "." + e.getKey());
      } else if (KNOWN_FLOW.contains(e.getKey())) {
        keys.put(e.getKey(), e.getValue());
      } else {
        problems.add(where + "." + e.getKey() + ": unknown key");
      }
    }
    Values v = new Values(where + ".", keys, problems);
    String pattern = v.string("filePattern", null);
    if (pattern == null) {
      problems.add(where + ".filePattern: required");
    } else if (!pattern.startsWith("/")) {
      problems.add(where + ".filePattern: must be an absolute path, but was " + pattern);
    }
    String stream = v.string("kinesisStream", null);
    String delivery = v.string("deliveryStream", null);
    Destination destination = null;
    if ((stream == null) == (delivery == null)) {
      problems.add(where + ": needs exactly one of kinesisStream and deliveryStream");
    } else if (stream != null) {
      destination = new Destination(Destination.Kind.KINESIS_STREAM, stream);
    } else {
      destination = new Destination(Destination.Kind.DELIVERY_STREAM, delivery);
    }
    boolean firehose = delivery != null && stream == null;
    int maxRecord = firehose ? 1000 * 1024 : 1024 * 1024;
    FlowConfig.PartitionKeyOption key =
        v.enumValue(
            "partitionKeyOption",
            FlowConfig.PartitionKeyOption.class,
            FlowConfig.PartitionKeyOption.RANDOM);
    if (firehose && keys.containsKey("partitionKeyOption")) {
      problems.add(where + ".partitionKeyOption: only for kinesisStream flows");
    }
    FlowConfig.InitialPosition position =
        v.enumValue(
            "initialPosition",
            FlowConfig.InitialPosition.class,
            FlowConfig.InitialPosition.END_OF_FILE);
    long age = v.number("maxBufferAgeMillis", 60_000, 1000, 900_000);
    long bytes =
        v.number(
            "maxBufferSizeBytes", firehose ? 4 << 20 : 5 << 20, 1, firehose ? 4 << 20 : 5 << 20);
    long records = v.number("maxBufferSizeRecords", 500, 1, 500);
    Pattern multi = v.regex("multiLineStartPattern", 0);
    long skip = v.number("skipHeaderLines", 0, 0, Integer.MAX_VALUE);
    Pattern footer = v.regex("fileFooterPattern", Pattern.MULTILINE);
    String terminator = v.string("truncatedRecordTerminator", "\n");
    byte[] term = terminator == null ? new byte[0] : terminator.getBytes(StandardCharsets.UTF_8);
    if (term.length >= maxRecord) {
      problems.add(where + ".truncatedRecordTerminator: longer than the record limit");
    }
    List<DataConverter> converters = new ArrayList<>();
    JsonNode options = keys.get("dataProcessingOptions");
    if (options != null) {
      if (!options.isArray()) {
        problems.add(where + ".dataProcessingOptions: must be a list");
      } else {
        for (int i = 0; i < options.size(); i++) {
          DataConverter c =
              ProcessingOptions.parse(
                  options.get(i), where + ".dataProcessingOptions[" + i + "]", problems, clock);
          if (c != null) {
            converters.add(c);
          }
        }
      }
    }
    long minPoll = v.number("minTimeBetweenFilePollsMillis", 100, 1, 600_000);
    long refresh = v.number("maxTimeBetweenFileTrackerRefreshMillis", 1000, 1, 600_000);
    long backoff = v.number("retryInitialBackoffMillis", 100, 1, 600_000);
    long maxBackoff = v.number("retryMaxBackoffMillis", 10_000, 1, 3_600_000);
    if (maxBackoff < backoff) {
      problems.add(where + ".retryMaxBackoffMillis: must be at least retryInitialBackoffMillis");
    }
    if (problems.size() != before) {
      return null;
    }
    return new FlowConfig(
        pattern,
        destination,
        key,
        position,
        Duration.ofMillis(age),
        (int) bytes,
        (int) records,
        multi,
        (int) skip,
        footer,
        term,
        maxRecord,
        converters,
        Duration.ofMillis(minPoll),
        Duration.ofMillis(refresh),
        Duration.ofMillis(backoff),
        Duration.ofMillis(maxBackoff));
  }

  /** Typed reads of one object's keys, each wrong one added to the problems. */
  private record Values(String where, Map<String, JsonNode> keys, List<String> problems) {
    String string(String key, String otherwise) {
      JsonNode v = keys.get(key);
      if (v == null || v.isNull()) {
        return otherwise;
      }
      if (!v.isTextual()) {
        problems.add(where + key + ": must be a string, but was " + v);
        return otherwise;
      }
      return v.asText();
    }

    long number(String key, long otherwise, long min, long max) {
      JsonNode v = keys.get(key);
      if (v == null || v.isNull()) {
        return otherwise;
      }
      long n;
      if (v.isIntegralNumber()) {
        n = v.asLong();
      } else if (v.isTextual() && v.asText().matches("-?\\d{1,18}")) {
        n = Long.parseLong(v.asText());
      } else {
        problems.add(where + key + ": must be a whole number, but was " + v);
        return otherwise;
      }
      if (n < min || n > max) {
        problems.add(where + key + ": must be between " + min + " and " + max + ", but was " + n);
        return otherwise;
      }
      return n;
    }

    boolean bool(String key, boolean otherwise) {
      JsonNode v = keys.get(key);
      if (v == null || v.isNull()) {
        return otherwise;
      }
      String s = v.asText();
      if (v.isBoolean() || s.equals("true") || s.equals("false")) {
        return Boolean.parseBoolean(s);
      }
      problems.add(where + key + ": must be true or false, but was " + v);
      return otherwise;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E otherwise) {
      String s = string(key, null);
      if (s == null) {
        return otherwise;
      }
      try {
        return Enum.valueOf(type, s);
      } catch (IllegalArgumentException e) {
        List<String> names = new ArrayList<>();
        for (E c : type.getEnumConstants()) {
          names.add(c.name());
        }
        problems.add(
            where + key + ": must be one of " + String.join(", ", names) + ", but was " + s);
        return otherwise;
      }
    }

    Pattern regex(String key, int flags) {
      String s = string(key, null);
      if (s == null || s.isEmpty()) {
        return null;
      }
      try {
        return Pattern.compile(s, flags);
      } catch (PatternSyntaxException e) {
        problems.add(where + key + ": not a regular expression (" + e.getDescription() + ")");
        return null;
      }
    }

    Map<String, String> stringMap(String key) {
      JsonNode v = keys.get(key);
      Map<String, String> out = new LinkedHashMap<>();
      if (v == null || v.isNull()) {
        return out;
      }
      if (!v.isObject()) {
        problems.add(where + key + ": must be an object of Kafka client properties");
        return out;
      }
      v.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
      return out;
    }
  }
}
