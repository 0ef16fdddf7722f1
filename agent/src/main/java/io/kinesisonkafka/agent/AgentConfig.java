package io.kinesisonkafka.agent;

import io.kinesisonkafka.agent.internals.ConfigReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The agent's configuration: the AWS agent's {@code agent.json} and {@code agent.d/*.json} read
 * unchanged, plus the {@code kafka.*} keys that say where Kafka is. Keys that mean nothing on Kafka
 * (credentials, endpoints, CloudWatch, HTTP client tuning) are accepted and listed in {@link
 * #ignoredKeys()}; any other unknown or invalid key is an error.
 *
 * @param checkpointFile {@code checkpointFile}: where acknowledged source offsets are kept; default
 *     {@code /var/lib/kinesis-agent-kafka/checkpoints.json} (not under {@code /var/run}, which a
 *     reboot empties)
 * @param checkpointInterval {@code checkpointIntervalMillis}: how often checkpoints are written
 * @param checkpointTimeToLive {@code checkpointTimeToLiveDays}: a file's checkpoint is dropped when
 *     the file has not been seen for this long
 * @param statusReportingPeriod {@code log.statusReportingPeriodSeconds}: the status line's period
 * @param shutdownTimeout {@code shutdownTimeoutMillis}: how long a stop waits for records in flight
 * @param kafka where Kafka is and how records are written
 * @param flows {@code flows}, from agent.json then each agent.d file in name order
 * @param ignoredKeys keys accepted but meaningless on Kafka, as {@code file: key}
 */
public record AgentConfig(
    Path checkpointFile,
    Duration checkpointInterval,
    Duration checkpointTimeToLive,
    Duration statusReportingPeriod,
    Duration shutdownTimeout,
    KafkaSettings kafka,
    List<FlowConfig> flows,
    List<String> ignoredKeys) {

  /** The default {@code checkpointFile}. */
  public static final Path DEFAULT_CHECKPOINT_FILE =
      Path.of("/var/lib/kinesis-agent-kafka/checkpoints.json");

  /**
   * The {@code kafka.*} keys.
   *
   * @param bootstrapServers {@code kafka.bootstrapServers}
   * @param properties {@code kafka.properties}: any Kafka client property (SASL, TLS, ...)
   * @param topicPrefix {@code kafka.topicPrefix}: the servers' {@code --topic-prefix}
   * @param catalogTopic {@code kafka.catalogTopic}: the servers' {@code --catalog-topic}
   * @param firehoseTopicPrefix {@code kafka.firehoseTopicPrefix}: the Firehose bridge's {@code
   *     firehose.topic.prefix}
   * @param aggregationEnabled {@code kafka.aggregationEnabled}: KPL aggregation for streams
   * @param rateLimit {@code kafka.rateLimit}: percent of the shard limits; 0 for none
   * @param catalogFreshness {@code kafka.catalogFreshnessMillis}: the servers' value
   * @param fastAckBound {@code kafka.fastAckBoundMillis}: the servers' value
   * @param maxOutstandingBytes {@code kafka.maxOutstandingBytes}: per flow, bytes read and not yet
   *     acknowledged; reading waits beyond it
   * @param maxProducers {@code kafka.maxProducers}: per {@code kinesisStream} flow, the most Kafka
   *     producers its shards are spread over (producer-lib's MaxConnections)
   */
  public record KafkaSettings(
      String bootstrapServers,
      Map<String, String> properties,
      String topicPrefix,
      String catalogTopic,
      String firehoseTopicPrefix,
      boolean aggregationEnabled,
      long rateLimit,
      Duration catalogFreshness,
      Duration fastAckBound,
      long maxOutstandingBytes,
      int maxProducers) {

    /**
     * Makes an immutable copy of {@code properties}.
     *
     * @param bootstrapServers {@code kafka.bootstrapServers}
     * @param properties {@code kafka.properties}
     * @param topicPrefix {@code kafka.topicPrefix}
     * @param catalogTopic {@code kafka.catalogTopic}
     * @param firehoseTopicPrefix {@code kafka.firehoseTopicPrefix}
     * @param aggregationEnabled {@code kafka.aggregationEnabled}
     * @param rateLimit {@code kafka.rateLimit}
     * @param catalogFreshness {@code kafka.catalogFreshnessMillis}
     * @param fastAckBound {@code kafka.fastAckBoundMillis}
     * @param maxOutstandingBytes {@code kafka.maxOutstandingBytes}
     * @param maxProducers {@code kafka.maxProducers}
     */
    public KafkaSettings {
      properties = Map.copyOf(properties);
    }
  }

  /**
   * Makes immutable copies of the lists.
   *
   * @param checkpointFile {@code checkpointFile}
   * @param checkpointInterval {@code checkpointIntervalMillis}
   * @param checkpointTimeToLive {@code checkpointTimeToLiveDays}
   * @param statusReportingPeriod {@code log.statusReportingPeriodSeconds}
   * @param shutdownTimeout {@code shutdownTimeoutMillis}
   * @param kafka the {@code kafka.*} keys
   * @param flows {@code flows}
   * @param ignoredKeys keys accepted but meaningless on Kafka
   */
  public AgentConfig {
    flows = List.copyOf(flows);
    ignoredKeys = List.copyOf(ignoredKeys);
  }

  /**
   * Reads {@code agentJson} and every {@code *.json} in {@code agentD} (when it exists).
   *
   * @param agentJson the agent.json
   * @param agentD the agent.d directory; may be absent
   * @param overrides keys that replace the files' (e.g. {@code kafka.bootstrapServers} from the
   *     command line)
   * @return the configuration
   * @throws ConfigException listing every wrong key
   * @throws IOException if a file cannot be read
   */
  public static AgentConfig read(Path agentJson, Path agentD, Map<String, String> overrides)
      throws IOException {
    return new ConfigReader(Clock.systemUTC()).read(agentJson, agentD, overrides);
  }
}
