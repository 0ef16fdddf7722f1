package io.kinesisonkafka.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker-compose config -q}: Compose's own validation of compose/docker-compose.yml (schema,
 * references between services, interpolation). It needs no Docker engine, only the binary: .ci/run
 * installs Debian's docker-compose package; where there is none, the tests are skipped and say so.
 */
class DockerComposeConfigTest {
  private static String binary;

  @BeforeAll
  static void findDockerCompose() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "docker-compose");
      if (Files.isExecutable(candidate)) {
        binary = candidate.toString();
        return;
      }
    }
    System.out.println(
        "SKIPPED DockerComposeConfigTest: no docker-compose on the PATH (.ci/run installs Debian's"
            + " package); compose/docker-compose.yml not validated by Compose itself");
  }

  private record Result(int exit, String output) {}

  private static Result config(Path composeFile) throws Exception {
    Process p =
        new ProcessBuilder(binary, "-f", composeFile.toString(), "config", "-q")
            .redirectErrorStream(true)
            .start();
    boolean done = p.waitFor(2, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
      throw new AssertionError("docker-compose config did not finish within 2 minutes");
    }
    return new Result(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void dockerComposeAcceptsTheDemo() throws Exception {
    assumeTrue(
        binary != null,
        "docker-compose is not installed (.ci/run installs Debian's package): compose file not"
            + " validated by Compose itself");
    Path file = ComposeFile.repoRoot().resolve("compose/docker-compose.yml");
    Result result = config(file);
    System.out.printf(
        "%s -f %s config -q: exit %d %s%n", binary, file, result.exit(), result.output());
    assertThat(result.exit()).as(result.output()).isZero();
  }

  @Test
  void dockerComposeRejectsABrokenCopy(@TempDir Path dir) throws Exception {
    assumeTrue(binary != null, "docker-compose is not installed: nothing to check it rejects");
    Path compose = ComposeFile.repoRoot().resolve("compose/docker-compose.yml");
    Path broken = dir.resolve("docker-compose.yml");
    List<String> lines = Files.readAllLines(compose);
    Files.writeString(
        broken,
        String.join("\n", lines)
            .replace(
                "    depends_on:\n      - prometheus", "    depends_on:\n      - prometheuss"));
    Result result = config(broken);
    System.out.printf("broken copy: exit %d %s%n", result.exit(), result.output().strip());
    assertThat(result.exit()).isNotZero();
    assertThat(result.output()).contains("prometheuss");
  }
}
