package io.kinesisonkafka.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A round trip with the AWS CLI ({@code aws kinesis ...}) on the plain port, with every {@code aws}
 * found on the PATH: Debian's package is v2, a pip install may be v1, and they differ (v2 takes
 * {@code --data} as base64 unless told {@code --cli-binary-format raw-in-base64-out}, an option v1
 * rejects). Skipped, saying so, when there is none.
 */
class AwsCliIT {
  private static final Logger log = LoggerFactory.getLogger(AwsCliIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private static KinesisEndpoint server;

  @TempDir static Path home;

  record Cli(Path executable, int majorVersion) {}

  @BeforeAll
  static void startServer() {
    server = KinesisEndpoint.start("cli");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  static Stream<Arguments> installedClis() {
    List<Arguments> clis = new ArrayList<>();
    for (Path executable : awsOnPath()) {
      Cli cli = new Cli(executable, majorVersion(executable));
      clis.add(Arguments.of(Named.of(executable + " (v" + cli.majorVersion() + ")", cli)));
    }
    if (clis.isEmpty()) {
      clis.add(Arguments.of(Named.of("no aws on the PATH", null)));
    }
    return clis.stream();
  }

  @ParameterizedTest
  @MethodSource("installedClis")
  void createsPutsReadsListsAndDeletesAStream(Cli cli) throws Exception {
    if (cli == null) {
      String reason =
          "aws CLI not installed: no executable 'aws' on the PATH ("
              + System.getenv("PATH")
              + "); .ci/run installs Debian's awscli when it can";
      log.warn("Skipping: {}", reason);
      Assumptions.assumeTrue(false, reason);
    }
    String stream = "cli-v" + cli.majorVersion();

    run(cli, "create-stream", "--stream-name", stream, "--shard-count", "2");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                run(cli, "describe-stream-summary", "--stream-name", stream)
                    .at("/StreamDescriptionSummary/StreamStatus")
                    .asText()
                    .equals("ACTIVE"));
    JsonNode summary =
        run(cli, "describe-stream-summary", "--stream-name", stream)
            .path("StreamDescriptionSummary");
    assertThat(summary.path("StreamName").asText()).isEqualTo(stream);
    assertThat(summary.path("OpenShardCount").asInt()).isEqualTo(2);

    String text = "hello from aws-cli v" + cli.majorVersion();
    List<String> put =
        new ArrayList<>(
            List.of("put-record", "--stream-name", stream, "--partition-key", "k", "--data", text));
    if (cli.majorVersion() >= 2) {
      put.addAll(List.of("--cli-binary-format", "raw-in-base64-out"));
    }
    JsonNode putResult = run(cli, put.toArray(String[]::new));
    String shardId = putResult.path("ShardId").asText();
    String sequenceNumber = putResult.path("SequenceNumber").asText();
    assertThat(sequenceNumber).containsOnlyDigits();

    JsonNode shards = run(cli, "list-shards", "--stream-name", stream).path("Shards");
    List<String> shardIds = new ArrayList<>();
    shards.forEach(s -> shardIds.add(s.path("ShardId").asText()));
    assertThat(shardIds).hasSize(2).contains(shardId);

    String iterator =
        run(
                cli,
                "get-shard-iterator",
                "--stream-name",
                stream,
                "--shard-id",
                shardId,
                "--shard-iterator-type",
                "TRIM_HORIZON")
            .path("ShardIterator")
            .asText();
    JsonNode records = run(cli, "get-records", "--shard-iterator", iterator).path("Records");
    assertThat(records).hasSize(1);
    JsonNode record = records.get(0);
    assertThat(record.path("PartitionKey").asText()).isEqualTo("k");
    assertThat(record.path("SequenceNumber").asText()).isEqualTo(sequenceNumber);
    assertThat(
            new String(
                Base64.getDecoder().decode(record.path("Data").asText()), StandardCharsets.UTF_8))
        .isEqualTo(text);

    run(cli, "delete-stream", "--stream-name", stream);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                attempt(cli, "describe-stream-summary", "--stream-name", stream)
                    .stderr()
                    .contains("ResourceNotFoundException"));
  }

  record Outcome(int exitCode, String stdout, String stderr) {}

  /** Runs {@code aws kinesis <args>}, which must succeed, and parses its JSON output. */
  private static JsonNode run(Cli cli, String... args) throws Exception {
    Outcome outcome = attempt(cli, args);
    assertThat(outcome.exitCode())
        .as("exit code of aws kinesis %s; stderr: %s", String.join(" ", args), outcome.stderr())
        .isZero();
    return outcome.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(outcome.stdout());
  }

  private static Outcome attempt(Cli cli, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(cli.executable().toString());
    command.add("kinesis");
    command.addAll(List.of(args));
    command.addAll(
        List.of(
            "--endpoint-url",
            server.http().toString(),
            "--output",
            "json",
            "--region",
            "us-east-1"));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_"));
    Path config = Files.writeString(home.resolve("config"), "");
    Path credentials = Files.writeString(home.resolve("credentials"), "");
    env.put("AWS_ACCESS_KEY_ID", "AKIDCOMPATTESTS");
    env.put("AWS_SECRET_ACCESS_KEY", "secret");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", config.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
    env.put("AWS_PAGER", "");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("HOME", home.toString());
    Path out = home.resolve("stdout");
    Path err = home.resolve("stderr");
    Process process =
        builder
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Every distinct {@code aws} executable on the PATH, in PATH order. */
  private static Set<Path> awsOnPath() {
    Set<Path> found = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    if (path == null) {
      return found;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "aws");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        try {
          Path real = candidate.toRealPath();
          if (found.stream().noneMatch(p -> sameFile(p, real))) {
            found.add(real);
          }
        } catch (IOException e) {
          // A dangling link: not an installed CLI.
        }
      }
    }
    found.removeIf(p -> majorVersion(p) < 0);
    return found;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code aws --version} prints e.g. "aws-cli/2.9.19 Python/3.11.2 ..."; -1 if it fails. */
  private static int majorVersion(Path executable) {
    try {
      Process process =
          new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return -1;
      }
      int slash = output.indexOf("aws-cli/");
      return slash < 0 ? -1 : Character.digit(output.charAt(slash + "aws-cli/".length()), 10);
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
