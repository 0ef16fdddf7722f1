package io.kinesisonkafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The only broker killed with SIGKILL while a producer writes, and started again 10 s later: every
 * record added is acknowledged, once, and each partition key's records are in Kafka in the order
 * they were added. Kafka's buffer is kept small and its {@code max.block.ms} short, so that sends
 * during the outage time out before they reach Kafka (producer-lib retries those, as they cannot be
 * duplicates) and the order of those retries is what the test sees. A broker of its own, as the
 * shared one must not die.
 */
class ProducerOutageIT {
  private static final int KEYS = 16;

  @Test
  void everyRecordArrivesOnceAndInKeyOrderAfterTheBrokerComesBack() throws Exception {
    try (EmbeddedKafkaCluster kafka =
            EmbeddedKafkaCluster.builder().nodes(1).startTimeout(Duration.ofMinutes(3)).build();
        TestStreams streams = startedOn(kafka)) {
      streams.createActive("outage", 2);
      KinesisProducerConfig config =
          streams
              .producer()
              .aggregationEnabled(false)
              .recordTtl(Duration.ofSeconds(120))
              .kafkaProperty("max.block.ms", 1000)
              .kafkaProperty("buffer.memory", 64 * 1024)
              .kafkaProperty("batch.size", 8 * 1024)
              .build();
      List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      try (KinesisProducer producer = new KinesisProducer(config)) {
        Thread writer =
            new Thread(
                () -> {
                  for (int i = 0; !stop.get(); i++) {
                    String key = "key-" + (i % KEYS);
                    byte[] data = (key + ":" + i / KEYS).getBytes(StandardCharsets.UTF_8);
                    futures.add(producer.addUserRecord("outage", key, data));
                    if (i % KEYS == 0) {
                      pause(5);
                    }
                  }
                },
                "outage-writer");
        writer.start();
        Thread.sleep(3000);
        kafka.killNode(1);
        Thread.sleep(10_000);
        kafka.startNode(1);
        Thread.sleep(3000);
        stop.set(true);
        writer.join();
        producer.flushSync();
      }

      int failed = 0;
      int retriedAfterTimeout = 0;
      for (CompletableFuture<UserRecordResult> f : futures) {
        try {
          UserRecordResult r = f.get();
          if (r.getAttempts().stream().anyMatch(a -> "TimeoutException".equals(a.getErrorCode()))) {
            retriedAfterTimeout++;
          }
        } catch (ExecutionException e) {
          failed++;
        }
      }
      Map<String, List<Integer>> byKey = readByKey(streams, streams.topic("outage"));
      long outOfOrder = byKey.values().stream().mapToLong(ProducerOutageIT::outOfOrder).sum();
      int inKafka = byKey.values().stream().mapToInt(List::size).sum();
      System.out.printf(
          "ProducerOutageIT: %d records added, %d failed, %d retried after a send timed out; in"
              + " Kafka %d, %d out of order%n",
          futures.size(), failed, retriedAfterTimeout, inKafka, outOfOrder);
      assertThat(failed).isZero();
      assertThat(inKafka).isEqualTo(futures.size());
      for (Map.Entry<String, List<Integer>> e : byKey.entrySet()) {
        List<Integer> numbers = e.getValue();
        assertThat(numbers).as(e.getKey()).isSorted().doesNotHaveDuplicates();
        assertThat(numbers.get(numbers.size() - 1)).as(e.getKey()).isEqualTo(numbers.size() - 1);
      }
    }
  }

  private static TestStreams startedOn(EmbeddedKafkaCluster kafka) {
    kafka.start();
    return new TestStreams(kafka.bootstrapServers());
  }

  private static long outOfOrder(List<Integer> numbers) {
    long n = 0;
    for (int i = 1; i < numbers.size(); i++) {
      if (numbers.get(i) < numbers.get(i - 1)) {
        n++;
      }
    }
    return n;
  }

  /** Each key's record numbers in the order its partition holds them. */
  private static Map<String, List<Integer>> readByKey(TestStreams streams, String topic) {
    Map<String, List<Integer>> byKey = new HashMap<>();
    streams.readTopic(
        topic,
        r -> {
          String[] parts = new String(r.value(), StandardCharsets.UTF_8).split(":");
          byKey.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        });
    return byKey;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
