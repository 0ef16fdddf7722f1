package io.kinesisonkafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.embedded.internals.DataDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrphanBrokerIT {

  @Test
  void aBrokerWhoseParentJvmIsKilledWithSigkillExitsByItself() throws Exception {
    Process parent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OrphanProbe.class.getName())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // The parent was killed: its output ends here.
              }
            },
            "orphan-probe-stdout");
    pump.setDaemon(true);
    pump.start();

    List<ProcessHandle> brokers = new ArrayList<>();
    Path dataDir = null;
    try {
      String ready = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (ready == null
          && System.nanoTime() < deadline
          && (parent.isAlive() || !lines.isEmpty())) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line != null && line.startsWith("READY ")) {
          ready = line;
        }
      }
      assertThat(ready).as("the probe's cluster started").isNotNull();
      String[] fields = ready.split(" ");
      dataDir = Path.of(fields[1]);
      Arrays.stream(fields[2].split(","))
          .map(pid -> ProcessHandle.of(Long.parseLong(pid)).orElseThrow())
          .forEach(brokers::add);
      assertThat(brokers).hasSize(1).allMatch(ProcessHandle::isAlive);

      parent.destroyForcibly();
      assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

      for (ProcessHandle broker : brokers) {
        broker.onExit().get(30, TimeUnit.SECONDS);
      }
      assertThat(brokers).noneMatch(ProcessHandle::isAlive);
    } finally {
      parent.destroyForcibly();
      brokers.forEach(ProcessHandle::destroyForcibly);
      if (dataDir != null) {
        DataDirs.deleteRecursively(dataDir);
      }
    }
  }
}
