package io.kinesisonkafka.agent;

import io.kinesisonkafka.adapter.testkit.TestEngine;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An agent.json for the tests: the given flows, Kafka in the test engine's namespace. */
final class AgentJson {
  private AgentJson() {}

  static Path write(Path dir, TestEngine kit, Path checkpoints, List<String> flows)
      throws IOException {
    String json =
        """
        {
          "checkpointFile": "%s",
          "checkpointIntervalMillis": 200,
          "log.statusReportingPeriodSeconds": 5,
          "cloudwatch.emitMetrics": true,
          "awsAccessKeyId": "not used on Kafka",
          "kafka.bootstrapServers": "%s",
          "kafka.topicPrefix": "%s",
          "kafka.catalogTopic": "%s",
          "kafka.firehoseTopicPrefix": "%s",
          "kafka.catalogFreshnessMillis": %d,
          "kafka.fastAckBoundMillis": %d,
          "kafka.rateLimit": 0,
          "flows": [
            %s
          ]
        }
        """
            .formatted(
                checkpoints,
                kit.bootstrapServers(),
                kit.config().topicPrefix(),
                kit.config().catalogTopic(),
                kit.namespace() + ".firehose.",
                TestEngines.CATALOG_FRESHNESS.toMillis(),
                TestEngines.FAST_ACK_BOUND.toMillis(),
                String.join(",\n", flows));
    Path file = dir.resolve("agent.json");
    Files.writeString(file, json);
    return file;
  }
}
