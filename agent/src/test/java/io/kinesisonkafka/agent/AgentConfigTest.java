package io.kinesisonkafka.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.agent.FlowConfig.Destination.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @TempDir Path dir;

  private Path resource(String name) throws IOException {
    Path p = dir.resolve(name.replace('/', '-'));
    try (InputStream in = getClass().getResourceAsStream("/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void readsTheAwsAgentsExampleConfigurationUnchanged() throws IOException {
    AgentConfig c =
        AgentConfig.read(
            resource("aws/example-agent.json"),
            dir.resolve("agent.d"),
            Map.of("kafka.bootstrapServers", "localhost:9092"));

    assertThat(c.checkpointFile())
        .isEqualTo(Path.of("/tmp/aws-kinesis-agent-checkpoints/main.log"));
    assertThat(c.flows()).hasSize(2);
    FlowConfig csv = c.flows().get(0);
    assertThat(csv.filePattern()).isEqualTo("/tmp/aws-kinesis-agent-test1.log*");
    assertThat(csv.destination().kind()).isEqualTo(Kind.KINESIS_STREAM);
    assertThat(csv.initialPosition()).isEqualTo(FlowConfig.InitialPosition.END_OF_FILE);
    assertThat(csv.dataProcessingOptions()).hasSize(1);
    assertThat(c.flows().get(1).initialPosition())
        .isEqualTo(FlowConfig.InitialPosition.START_OF_FILE);
    assertThat(c.ignoredKeys())
        .contains(
            "aws-example-agent.json: awsAccessKeyId",
            "aws-example-agent.json: cloudwatch.emitMetrics",
            "aws-example-agent.json: userDefinedCredentialsProvider.classname");
    System.out.println("ignored keys of the AWS example: " + c.ignoredKeys());
  }

  @Test
  void readsTheAgentJsonTheAwsPackageInstallsWithTheAgentsDefaults() throws IOException {
    AgentConfig c =
        AgentConfig.read(
            resource("aws/release-agent.json"),
            dir.resolve("agent.d"),
            Map.of("kafka.bootstrapServers", "localhost:9092"));

    FlowConfig stream = c.flows().get(0);
    assertThat(stream.partitionKeyOption()).isEqualTo(FlowConfig.PartitionKeyOption.RANDOM);
    assertThat(stream.maxBufferAge()).isEqualTo(Duration.ofMinutes(1));
    assertThat(stream.maxBufferSizeRecords()).isEqualTo(500);
    assertThat(stream.maxRecordBytes()).isEqualTo(1024 * 1024);
    assertThat(c.flows().get(1).destination().kind()).isEqualTo(Kind.DELIVERY_STREAM);
    assertThat(c.flows().get(1).maxRecordBytes()).isEqualTo(1000 * 1024);
    assertThat(c.checkpointFile()).isEqualTo(AgentConfig.DEFAULT_CHECKPOINT_FILE);
    assertThat(c.kafka().maxProducers()).isEqualTo(1);
  }

  @Test
  void addsTheFlowsOfAgentD() throws IOException {
    Path main = dir.resolve("agent.json");
    Files.writeString(main, "{\"kafka.bootstrapServers\": \"k:9092\"}");
    Path d = Files.createDirectories(dir.resolve("agent.d"));
    Files.writeString(
        d.resolve("b.json"),
        "{\"flows\": [{\"filePattern\": \"/b/*.log\", \"kinesisStream\": \"b\"}]}");
    Files.writeString(
        d.resolve("a.json"),
        "{\"flows\": [{\"filePattern\": \"/a/**/x.log\", \"deliveryStream\": \"a\"}]}");

    AgentConfig c = AgentConfig.read(main, d, Map.of());

    assertThat(c.flows())
        .extracting(FlowConfig::filePattern)
        .containsExactly("/a/**/x.log", "/b/*.log");
  }

  @Test
  void refusesAMalformedConfigurationWithOneMessagePerWrongKey() throws IOException {
    Path main = dir.resolve("agent.json");
    Files.writeString(
        main,
        """
        {
          "checkpointFile": 7,
          "kafka.bootstrapServers": "k:9092",
          "kafka.maxProducers": 0,
          "cloudwatch.emitMetrics": false,
          "maxSendingThread": 3,
          "flows": [
            {
              "filePattern": "relative/*.log",
              "kinesisStream": "s",
              "partitionKeyOption": "SOMETIMES",
              "maxBufferAgeMillis": 10,
              "maxBufferSizeRecords": 501,
              "multiLineStartPattern": "([",
              "dataProcessingOptions": [
                {"optionName": "LOGTOJSON", "logFormat": "NGINX"},
                {"optionName": "CSVTOJSON"},
                {"optionName": "SINGLELINE", "parseOptions": ["NO_TRIM", "TRIM_ALL"]}
              ]
            },
            {"filePattern": "/x/*.log", "kinesisStream": "s", "deliveryStream": "d", "intialPosition": "END_OF_FILE"}
          ]
        }
        """);

    assertThatThrownBy(() -> AgentConfig.read(main, dir.resolve("agent.d"), Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              System.out.println(e.getMessage());
              assertThat(e.problems())
                  .containsExactlyInAnyOrder(
                      "checkpointFile: must be a string, but was 7",
                      "kafka.maxProducers: must be between 1 and 256, but was 0",
                      "agent.json: maxSendingThread: unknown key",
                      "agent.json: flows[0].filePattern: must be an absolute path, but was"
                          + " relative/*.log",
                      "agent.json: flows[0].partitionKeyOption: must be one of RANDOM,"
                          + " DETERMINISTIC, but was SOMETIMES",
                      "agent.json: flows[0].maxBufferAgeMillis: must be between 1000 and 900000,"
                          + " but was 10",
                      "agent.json: flows[0].maxBufferSizeRecords: must be between 1 and 500, but"
                          + " was 501",
                      "agent.json: flows[0].multiLineStartPattern: not a regular expression"
                          + " (Unclosed character class)",
                      "agent.json: flows[0].dataProcessingOptions[0].logFormat: must be one of"
                          + " COMMONAPACHELOG, COMBINEDAPACHELOG, APACHEERRORLOG, SYSLOG,"
                          + " RFC3339SYSLOG, but was NGINX",
                      "agent.json: flows[0].dataProcessingOptions[1].customFieldNames: required by"
                          + " CSVTOJSON",
                      "agent.json: flows[0].dataProcessingOptions[2].parseOptions: must hold"
                          + " NO_TRIM or ESCAPE_NEW_LINE, but held TRIM_ALL",
                      "agent.json: flows[1].intialPosition: unknown key",
                      "agent.json: flows[1]: needs exactly one of kinesisStream and"
                          + " deliveryStream");
            });
  }

  @Test
  void needsToKnowWhereKafkaIs() throws IOException {
    Path main = dir.resolve("agent.json");
    Files.writeString(
        main, "{\"flows\": [{\"filePattern\": \"/b/*.log\", \"kinesisStream\": \"b\"}]}");

    assertThatThrownBy(() -> AgentConfig.read(main, dir.resolve("agent.d"), Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("kafka.bootstrapServers: required"));
  }
}
