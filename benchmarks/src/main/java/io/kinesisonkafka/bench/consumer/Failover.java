package io.kinesisonkafka.bench.consumer;

import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.consumer.InitialPosition;
import io.kinesisonkafka.consumer.InitializationInput;
import io.kinesisonkafka.consumer.LeaseLostInput;
import io.kinesisonkafka.consumer.ProcessRecordsInput;
import io.kinesisonkafka.consumer.Scheduler;
import io.kinesisonkafka.consumer.SchedulerConfig;
import io.kinesisonkafka.consumer.ShardEndedInput;
import io.kinesisonkafka.consumer.ShardRecordProcessor;
import io.kinesisonkafka.consumer.ShardRecordProcessorFactory;
import io.kinesisonkafka.consumer.ShutdownRequestedInput;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Failover time: two workers of one application, one in a child JVM; a writer puts records into
 * every shard; the child is killed with SIGKILL; measured from the kill to the first record of one
 * of its shards processed by the surviving worker.
 */
final class Failover {
  private Failover() {}

  static ShardRecordProcessorFactory processor(Consumer<String> sink) {
    return () ->
        new ShardRecordProcessor() {
          String shardId;

          @Override
          public void initialize(InitializationInput input) {
            shardId = input.shardId();
            sink.accept("I " + shardId);
          }

          @Override
          public void processRecords(ProcessRecordsInput input) {
            if (!input.records().isEmpty()) {
              sink.accept("R " + shardId);
            }
            input.checkpointer().checkpoint();
          }

          @Override
          public void leaseLost(LeaseLostInput input) {
            sink.accept("E " + shardId);
          }

          @Override
          public void shardEnded(ShardEndedInput input) {
            input.checkpointer().checkpoint();
            sink.accept("E " + shardId);
          }

          @Override
          public void shutdownRequested(ShutdownRequestedInput input) {
            input.checkpointer().checkpoint();
            sink.accept("E " + shardId);
          }
        };
  }

  /** Returns seconds from SIGKILL to the survivor's first record of the victim's shards. */
  static double measure(
      KinesisEngine engine, String bootstrap, String stream, Duration failover, PrintStream out)
      throws Exception {
    String app = "failover-" + System.nanoTime();
    Set<String> victimShards = ConcurrentHashMap.newKeySet();
    AtomicBoolean victimProcessing = new AtomicBoolean();
    Process victim = startVictim(bootstrap, stream, app, failover, victimShards, victimProcessing);
    ConcurrentHashMap<String, Long> survivorFirst = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = new Thread(() -> write(engine, stream, stop), "failover-writer");
    writer.start();
    SchedulerConfig config =
        SchedulerConfig.custom().applicationName(app).stream(stream)
            .bootstrapServers(bootstrap)
            .initialPosition(InitialPosition.TRIM_HORIZON)
            .idleTimeBetweenReads(Duration.ofMillis(50))
            .failoverTime(failover)
            .workerId("survivor")
            .build();
    try (Scheduler survivor =
        Scheduler.start(
            config,
            processor(
                line -> {
                  if (line.startsWith("R ")) {
                    survivorFirst.putIfAbsent(line.substring(2), System.nanoTime());
                  }
                }))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(victimProcessing.get() && !victimShards.isEmpty()) || survivorFirst.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the two workers did not both start processing");
        }
        Thread.sleep(50);
      }
      Thread.sleep(1000);
      List<String> shards = new ArrayList<>(victimShards);
      shards.forEach(survivorFirst::remove);
      victim.destroyForcibly();
      long killed = System.nanoTime();
      victim.waitFor(10, TimeUnit.SECONDS);
      deadline = killed + TimeUnit.SECONDS.toNanos(120);
      while (shards.stream().noneMatch(survivorFirst::containsKey)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the victim's shards " + shards + " were not taken over");
        }
        Thread.sleep(5);
      }
      long first =
          shards.stream().map(survivorFirst::get).filter(t -> t != null).min(Long::compare).get();
      double seconds = (first - killed) / 1e9;
      out.printf(
          Locale.ROOT,
          "failover: victim held %s; SIGKILL to the survivor's first record of them: %.2f s"
              + " (failover time %d ms)%n",
          shards,
          seconds,
          failover.toMillis());
      return seconds;
    } finally {
      stop.set(true);
      victim.destroyForcibly();
      writer.join();
    }
  }

  private static void write(KinesisEngine engine, String stream, AtomicBoolean stop) {
    StreamRef ref = StreamRef.named(stream);
    byte[] data = new byte[100];
    int i = 0;
    while (!stop.get()) {
      List<PutRecordsEntry> batch = new ArrayList<>();
      for (int k = 0; k < 40; k++) {
        batch.add(PutRecordsEntry.of("key-" + (i++ % 1000), data));
      }
      engine.putRecords(ref, batch);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static Process startVictim(
      String bootstrap,
      String stream,
      String app,
      Duration failover,
      Set<String> shards,
      AtomicBoolean processing)
      throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                VictimMain.class.getName(),
                bootstrap,
                stream,
                app,
                Long.toString(failover.toMillis()))
            .redirectErrorStream(true)
            .start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String s; (s = r.readLine()) != null; ) {
                  if (s.startsWith("I ")) {
                    shards.add(s.substring(2));
                  } else if (s.startsWith("E ")) {
                    shards.remove(s.substring(2));
                  } else if (s.startsWith("R ")) {
                    processing.set(true);
                  }
                }
              } catch (Exception e) {
                // killed
              }
            },
            "victim-stdout");
    reader.setDaemon(true);
    reader.start();
    return p;
  }
}
