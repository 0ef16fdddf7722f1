package io.kinesisonkafka.agent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every record of a topic, read with a plain consumer from the beginning, as the lines the tests'
 * {@link RotatingLog}s wrote: per log name, the line numbers in the order each partition holds
 * them.
 */
final class StreamLines implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;

  /** (log name, partition) to line numbers in offset order. */
  final Map<String, List<Long>> byLogAndPartition = new HashMap<>();

  final Map<String, Set<Long>> distinct = new HashMap<>();
  long records;
  long duplicates;

  StreamLines(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.deserializer", ByteArrayDeserializer.class.getName());
    p.put("value.deserializer", ByteArrayDeserializer.class.getName());
    p.put("enable.auto.commit", "false");
    p.put("max.partition.fetch.bytes", 8 * 1024 * 1024);
    consumer = new KafkaConsumer<>(p);
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo i : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(topic, i.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads until {@code done} holds or {@code timeout} passes. */
  void readUntil(BooleanSupplier done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        add(r.partition(), new String(r.value(), StandardCharsets.UTF_8));
      }
    }
  }

  /** Reads every record the topic holds now. */
  void readToEnd() {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    readUntil(
        () -> end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue()),
        Duration.ofSeconds(60));
  }

  private void add(int partition, String value) {
    records++;
    String[] parts = value.split(" ", 3);
    long n = Long.parseLong(parts[1]);
    byLogAndPartition.computeIfAbsent(parts[0] + "@" + partition, k -> new ArrayList<>()).add(n);
    if (!distinct.computeIfAbsent(parts[0], k -> new HashSet<>()).add(n)) {
      duplicates++;
    }
  }

  long distinct(String log) {
    return distinct.getOrDefault(log, Set.of()).size();
  }

  long distinctTotal() {
    return distinct.values().stream().mapToLong(Set::size).sum();
  }

  /**
   * Line numbers out of order within a partition, ignoring repeats of numbers already seen there (a
   * restart repeats what was in flight, which may come back after later lines).
   */
  long outOfOrder() {
    long bad = 0;
    for (Map.Entry<String, List<Long>> e : byLogAndPartition.entrySet()) {
      List<Long> ns = e.getValue();
      long max = 0;
      Set<Long> seen = new HashSet<>();
      for (long n : ns) {
        if (!seen.add(n)) {
          continue;
        }
        if (n < max) {
          if (bad++ < 3) {
            System.out.println(
                e.getKey()
                    + ": out of order: line "
                    + n
                    + " after "
                    + max
                    + " in "
                    + ns.subList(
                        Math.max(0, ns.indexOf(n) - 5), Math.min(ns.size(), ns.indexOf(n) + 5)));
          }
        }
        max = Math.max(max, n);
      }
    }
    return bad;
  }

  /** Lines 1..expected of {@code log} that never arrived, at most {@code limit} of them. */
  List<Long> missing(String log, long expected, int limit) {
    List<Long> out = new ArrayList<>();
    Set<Long> got = distinct.getOrDefault(log, Set.of());
    for (long n = 1; n <= expected && out.size() < limit; n++) {
      if (!got.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
