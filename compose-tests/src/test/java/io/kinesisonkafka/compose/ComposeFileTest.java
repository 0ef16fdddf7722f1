package io.kinesisonkafka.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** compose/docker-compose.yml against the settings tables and the example programs. */
class ComposeFileTest {

  @Test
  void everyVariableFlagExampleClassAndAddressInTheComposeFileExists() {
    ComposeFile compose = ComposeFile.load();
    List<String> problems = compose.problems();
    System.out.printf(
        "compose: %d services (%s), %d problems%n",
        compose.services().size(), compose.services(), problems.size());
    assertThat(problems).isEmpty();
  }

  @Test
  void theDemoHasEveryPartTheIssueAsksFor() {
    ComposeFile compose = ComposeFile.load();
    assertThat(compose.services())
        .contains("kafka", "kinesis", "firehose", "minio", "prometheus", "grafana");
    assertThat(compose.target("kinesis")).isEqualTo("server");
    assertThat(compose.target("firehose")).isEqualTo("firehose");
    assertThat(compose.environment("kinesis"))
        .containsEntry(Setting.KAFKA_BOOTSTRAP_SERVERS.envVar(), "kafka:9092")
        .containsEntry(Setting.CREATE_STREAMS.envVar(), "orders:4,clicks:2,clicks-per-minute:2");
    assertThat(compose.services().stream().map(compose::command))
        .filteredOn(c -> !c.isEmpty())
        .map(c -> c.get(0))
        .contains(
            "io.kinesisonkafka.examples.sdk.OrdersProducer",
            "io.kinesisonkafka.examples.sdk.PollingConsumer",
            "io.kinesisonkafka.examples.sdk.FanOutConsumer",
            "io.kinesisonkafka.examples.kpl.ClickProducer",
            "io.kinesisonkafka.examples.analytics.ClicksPerMinute");
    assertThat(ComposeFile.scrapeTargets())
        .containsExactlyInAnyOrder("kinesis:4567", "firehose:4567");
  }

  @Test
  void theImagesRunAsANonRootUserAndReportHealthFromSlashHealth() throws Exception {
    String dockerfile = Files.readString(ComposeFile.repoRoot().resolve("compose/Dockerfile"));
    assertThat(dockerfile).contains("FROM maven:").contains("useradd");
    for (String stage : List.of("server", "firehose", "examples")) {
      String body =
          dockerfile.split("(?m)^FROM \\S+ AS " + stage + "\\s*$", 2)[1].split("(?m)^FROM ")[0];
      assertThat(body).as(stage).contains("USER kok");
      if (!stage.equals("examples")) {
        assertThat(body).as(stage).contains("HEALTHCHECK").contains("http://localhost:4567/health");
      }
    }
  }

  @Test
  void reportsUnknownVariablesFlagsBadValuesMissingClassesAndUnknownHosts() throws Exception {
    String yaml =
        Files.readString(ComposeFile.repoRoot().resolve("compose/docker-compose.yml"))
            .replace("KOK_REPLICATION_FACTOR: \"1\"", "KOK_REPLICATION_FACTORS: \"1\"")
            .replace("KOK_FIREHOSE_S3_ENDPOINT", "KOK_FIREHOSE_S3_ENDPIONT")
            .replace("examples.sdk.PollingConsumer", "examples.sdk.PolingConsumer")
            .replace(
                "\"http://kinesis:4567\", \"orders\", \"5000\"]\n    depends_on:\n      orders-producer",
                "\"http://kinesis-x:4567\", \"orders\", \"5000\"]\n    depends_on:\n      orders-producer")
            .replace("\"kafka:9092\", \"clicks\"", "\"kafka:9092\", \"klicks\"")
            .replace(
                "KOK_CREATE_STREAMS: orders:4,clicks:2,clicks-per-minute:2",
                "KOK_CREATE_STREAMS: orders:4,clicks:2,clicks-per-minute:2\n      KOK_PORT: \"port\"")
            .replace(
                "      MINIO_ROOT_USER: minioadmin",
                "      MINIO_ROOT_USER: minioadmin\n      KOK_REGION: eu-west-1");
    String withFlags =
        yaml.replace(
            "    image: kinesis-on-kafka:demo\n",
            "    image: kinesis-on-kafka:demo\n    command: [\"--no-such-flag\", \"x\", \"--tls-port=-1\"]\n");
    List<String> problems = new ComposeFile(ComposeFile.repoRoot(), withFlags).problems();
    problems.forEach(p -> System.out.println("found as expected: " + p));
    assertThat(problems)
        .anyMatch(p -> p.startsWith("kinesis:") && p.contains("KOK_REPLICATION_FACTORS"))
        .anyMatch(p -> p.startsWith("firehose:") && p.contains("KOK_FIREHOSE_S3_ENDPIONT"))
        .anyMatch(p -> p.startsWith("polling-consumer:") && p.contains("PolingConsumer"))
        .anyMatch(p -> p.contains("http://kinesis-x:4567 names no service"))
        .anyMatch(p -> p.startsWith("click-producer:") && p.contains("klicks"))
        .anyMatch(p -> p.startsWith("kinesis:") && p.contains("rejects") && p.contains("port"))
        .anyMatch(p -> p.startsWith("minio:") && p.contains("KOK_REGION"))
        .anyMatch(p -> p.startsWith("kinesis:") && p.contains("--no-such-flag"))
        .noneMatch(p -> p.contains("--tls-port"));
  }

  @Test
  void everyMountedFileOfTheDemoExists() {
    Path compose = ComposeFile.repoRoot().resolve("compose");
    assertThat(compose.resolve("firehose/delivery-streams.json")).isRegularFile();
    assertThat(compose.resolve("grafana/dashboards/kinesis-on-kafka.json")).isRegularFile();
    assertThat(compose.resolve("grafana/provisioning/datasources/prometheus.yml")).isRegularFile();
    assertThat(compose.resolve("grafana/provisioning/dashboards/dashboards.yml")).isRegularFile();
  }
}
