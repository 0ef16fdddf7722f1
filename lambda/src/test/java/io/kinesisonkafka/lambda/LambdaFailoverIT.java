package io.kinesisonkafka.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import io.kinesisonkafka.lambda.cli.LambdaMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon worker (a child JVM running {@link LambdaMain} with a handler loaded by name) is killed
 * with SIGKILL while records flow; a worker in this JVM takes its shards over from their
 * checkpoints, and every record written was processed by one of them.
 */
class LambdaFailoverIT {

  @Test
  void aWorkerKilledWithSigkillLosesNoBatchItsShardsAreTakenOver(@TempDir Path dir)
      throws Exception {
    try (LambdaStreams streams = new LambdaStreams()) {
      StreamRef stream = streams.create("failover", 4);
      Path mappingFile = dir.resolve("mapping.json");
      Files.writeString(
          mappingFile,
          "{\"FunctionName\": \"failover-fn\", \"EventSourceArn\": \""
              + streams.arn("failover")
              + "\", \"StartingPosition\": \"TRIM_HORIZON\", \"BatchSize\": 20}");
      Path victimOut = dir.resolve("victim.txt");
      Files.createFile(victimOut);
      String application = streams.namespace + "-failover";
      Path victimLog = dir.resolve("victim.log");
      Process victim =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Dlambda.test.out=" + victimOut,
                  "-cp",
                  System.getProperty("java.class.path"),
                  LambdaMain.class.getName(),
                  "--mapping",
                  mappingFile.toString(),
                  "--handler",
                  AppendingHandler.class.getName() + "::handleRequest",
                  "--bootstrap-servers",
                  streams.bootstrap,
                  "--topic-prefix",
                  TestEngines.topicPrefix(streams.namespace),
                  "--catalog-topic",
                  TestEngines.catalogTopic(streams.namespace),
                  "--application",
                  application,
                  "--worker-id",
                  "victim",
                  "--failover-time",
                  "6",
                  "--poll-interval-ms",
                  "100")
              .redirectErrorStream(true)
              .redirectOutput(victimLog.toFile())
              .start();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger rounds = new AtomicInteger();
      List<String> written = new CopyOnWriteArrayList<>();
      Thread writer =
          new Thread(
              () -> {
                while (!stop.get()) {
                  int r = rounds.getAndIncrement();
                  List<String[]> batch = new ArrayList<>();
                  for (int k = 0; k < 16; k++) {
                    batch.add(new String[] {"key" + k, "r" + r + "-key" + k});
                  }
                  streams.put(stream, batch);
                  batch.forEach(b -> written.add(b[1]));
                  LambdaRunnerIT.sleep(50);
                }
              },
              "failover-writer");
      Invocations survivorLog = new Invocations();
      try {
        writer.start();
        long start = System.nanoTime();
        await()
            .atMost(Duration.ofSeconds(150))
            .failFast("the victim JVM exited: " + tail(victimLog), () -> !victim.isAlive())
            .until(() -> Files.size(victimOut) > 0);
        System.out.printf(
            "failover: victim processing after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        try (LambdaRunner survivor =
            LambdaRunner.start(
                RunnerConfig.custom()
                    .scheduler(
                        LambdaStreams.schedulerConfig(
                                streams.bootstrap, streams.namespace, "failover")
                            .workerId("survivor")
                            .build())
                    .build(),
                streams.mapping("failover-fn", "failover", "\"BatchSize\": 20"),
                () -> new RecordingHandler(survivorLog))) {
          // Both hold shards, then the victim dies without a word.
          await().atMost(Duration.ofSeconds(60)).until(() -> !survivorLog.calls.isEmpty());
          LambdaRunnerIT.sleep(2_000);
          int before = survivorLog.calls.size();
          Set<String> victimShardsBefore = shards(victimLines(victimOut));
          victim.destroyForcibly();
          assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
          long killed = System.nanoTime();
          LambdaRunnerIT.sleep(3_000);
          stop.set(true);
          writer.join();
          await()
              .atMost(Duration.ofSeconds(90))
              .until(() -> processed(victimOut, survivorLog).keySet().containsAll(written));
          long recovered = System.nanoTime();
          Map<String, Integer> counts = processed(victimOut, survivorLog);
          long duplicates = counts.values().stream().mapToLong(c -> c - 1).sum();
          Set<String> survivorShardsAfter = new HashSet<>();
          for (Invocations.Call c : survivorLog.calls.subList(before, survivorLog.calls.size())) {
            for (KinesisEventRecord r : c.records()) {
              survivorShardsAfter.add(r.getEventID().substring(0, r.getEventID().indexOf(':')));
            }
          }
          System.out.printf(
              "failover: %d records written, %d processed (%d by the victim, %d by the survivor),"
                  + " %d duplicates, 0 lost; the victim processed %s, the survivor after the kill %s;"
                  + " all processed %d ms after the SIGKILL (failover time 6 s)%n",
              written.size(),
              counts.size(),
              victimLines(victimOut).size(),
              survivorLog.allData().size(),
              duplicates,
              victimShardsBefore,
              survivorShardsAfter,
              (recovered - killed) / 1_000_000);
          assertThat(counts.keySet()).containsAll(written);
          assertThat(survivorShardsAfter).containsAll(victimShardsBefore).hasSize(4);
        }
      } finally {
        stop.set(true);
        writer.join();
        victim.destroyForcibly();
      }
    }
  }

  private static List<String> victimLines(Path out) throws IOException {
    return Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
  }

  private static Set<String> shards(List<String> lines) {
    Set<String> shards = new HashSet<>();
    for (String l : lines) {
      shards.add(l.substring(0, l.indexOf(':')));
    }
    return shards;
  }

  /** How often each record was processed, by either worker. */
  private static Map<String, Integer> processed(Path victimOut, Invocations survivor)
      throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    for (String l : victimLines(victimOut)) {
      counts.merge(l.substring(l.indexOf(' ') + 1), 1, Integer::sum);
    }
    for (String d : survivor.allData()) {
      counts.merge(d, 1, Integer::sum);
    }
    return counts;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
