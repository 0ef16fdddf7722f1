package io.kinesisonkafka.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.lambda.cli.LambdaMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The daemon refuses a bad mapping file or handler before it reads anything. */
class LambdaMainTest {

  private static int run(StringBuilder err, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      return new CommandLine(new LambdaMain()).execute(args);
    } finally {
      System.setErr(old);
      err.append(bytes.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void refusesABadMappingFileWithOneLinePerSetting(@TempDir Path dir) throws Exception {
    Path mapping = dir.resolve("mapping.json");
    Files.writeString(
        mapping,
        "{\"FunctionName\": \"f\", \"EventSourceArn\":"
            + " \"arn:aws:kinesis:us-east-1:123456789012:stream/s\", \"StartingPosition\":"
            + " \"TRIM_HORIZON\", \"BatchSize\": 20000, \"ParallelizationFactor\": 0,"
            + " \"Colour\": \"blue\"}");
    StringBuilder err = new StringBuilder();
    int code =
        run(err, "--mapping", mapping.toString(), "--handler", RecordingHandler.class.getName());
    System.out.println("daemon, bad mapping: exit " + code + "\n" + err);
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines())
        .contains(
            "Invalid event source mapping (3 problems):",
            "  Colour is not a setting of CreateEventSourceMapping",
            "  BatchSize must be in [1, 10000], but was 20000",
            "  ParallelizationFactor must be in [1, 10], but was 0");
  }

  @Test
  void refusesAHandlerThatCannotTakeAKinesisEvent(@TempDir Path dir) throws Exception {
    Path mapping = dir.resolve("mapping.json");
    Files.writeString(
        mapping,
        "{\"FunctionName\": \"f\", \"EventSourceArn\":"
            + " \"arn:aws:kinesis:us-east-1:123456789012:stream/s\", \"StartingPosition\":"
            + " \"TRIM_HORIZON\"}");
    StringBuilder err = new StringBuilder();
    int code =
        run(err, "--mapping", mapping.toString(), "--handler", WindowHandler.class.getName());
    System.out.println("daemon, wrong handler: exit " + code + " " + err);
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "takes com.amazonaws.services.lambda.runtime.events.KinesisTimeWindowEvent; a Kinesis"
                + " mapping calls it with com.amazonaws.services.lambda.runtime.events.KinesisEvent");
    StringBuilder missing = new StringBuilder();
    assertThat(run(missing, "--mapping", mapping.toString(), "--handler", "no.such.Handler"))
        .isEqualTo(2);
    assertThat(missing.toString()).contains("Handler class no.such.Handler cannot be loaded");
  }
}
