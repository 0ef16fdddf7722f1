package io.kinesisonkafka.bench.consumer;

import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.consumer.InitialPosition;
import io.kinesisonkafka.consumer.InitializationInput;
import io.kinesisonkafka.consumer.KinesisClientRecord;
import io.kinesisonkafka.consumer.LeaseLostInput;
import io.kinesisonkafka.consumer.ProcessRecordsInput;
import io.kinesisonkafka.consumer.Scheduler;
import io.kinesisonkafka.consumer.SchedulerConfig;
import io.kinesisonkafka.consumer.ShardEndedInput;
import io.kinesisonkafka.consumer.ShardRecordProcessor;
import io.kinesisonkafka.consumer.ShutdownRequestedInput;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One drain of the whole stream by each side, in a consumer group of its own: consumer-lib's
 * scheduler with a processor that checkpoints every batch, and a KafkaConsumer that commits each
 * partition's offset after each poll's records of that partition (one commit per batch too).
 */
final class Drain {
  private Drain() {}

  /** Nanoseconds from the start of the last pass of each side to its first record. */
  static volatile long oursFirstRecordNanos;

  static volatile long rawFirstRecordNanos;

  /** Nanoseconds the last Scheduler.start took (catalog opened, worker thread started). */
  static volatile long oursStartNanos;

  static Throughput ours(
      String bootstrap, String stream, String group, long expected, int maxRecords)
      throws InterruptedException {
    LongAdder records = new LongAdder();
    CountDownLatch done = new CountDownLatch(1);
    LongAdder bytes = new LongAdder();
    SchedulerConfig config =
        SchedulerConfig.custom().applicationName(group).stream(stream)
            .bootstrapServers(bootstrap)
            .initialPosition(InitialPosition.TRIM_HORIZON)
            .maxRecords(maxRecords)
            .idleTimeBetweenReads(Duration.ofMillis(100))
            .workerId(group + "-worker")
            .build();
    final long start = System.nanoTime();
    Scheduler scheduler =
        Scheduler.start(
            config,
            () ->
                new ShardRecordProcessor() {
                  @Override
                  public void initialize(InitializationInput input) {}

                  @Override
                  public void processRecords(ProcessRecordsInput input) {
                    long b = 0;
                    for (KinesisClientRecord r : input.records()) {
                      b += r.dataSize();
                    }
                    input.checkpointer().checkpoint();
                    if (records.sum() == 0) {
                      oursFirstRecordNanos = System.nanoTime() - start;
                    }
                    bytes.add(b);
                    records.add(input.records().size());
                    if (records.sum() >= expected) {
                      done.countDown();
                    }
                  }

                  @Override
                  public void leaseLost(LeaseLostInput input) {}

                  @Override
                  public void shardEnded(ShardEndedInput input) {
                    input.checkpointer().checkpoint();
                  }

                  @Override
                  public void shutdownRequested(ShutdownRequestedInput input) {
                    input.checkpointer().checkpoint();
                  }
                });
    oursStartNanos = System.nanoTime() - start;
    long end;
    try {
      while (!done.await(100, TimeUnit.MILLISECONDS)) {
        if (scheduler.isStopped()) {
          throw new IllegalStateException("the scheduler stopped after " + records.sum());
        }
      }
      end = System.nanoTime();
    } finally {
      scheduler.close(Duration.ofSeconds(10));
    }
    return new Throughput(records.sum(), bytes.sum(), end - start);
  }

  static Throughput raw(
      String bootstrap, String topic, String group, long expected, int maxRecords) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.GROUP_PROTOCOL_CONFIG,
            "classic",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            maxRecords,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName());
    long records = 0;
    long bytes = 0;
    long start = System.nanoTime();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      while (records < expected) {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
        if (records == 0 && !polled.isEmpty()) {
          rawFirstRecordNanos = System.nanoTime() - start;
        }
        for (TopicPartition tp : polled.partitions()) {
          List<ConsumerRecord<byte[], byte[]>> batch = polled.records(tp);
          for (ConsumerRecord<byte[], byte[]> r : batch) {
            bytes += r.value().length;
          }
          records += batch.size();
          long next = batch.get(batch.size() - 1).offset() + 1;
          consumer.commitSync(Map.of(tp, new OffsetAndMetadata(next)));
        }
      }
      return new Throughput(records, bytes, System.nanoTime() - start);
    }
  }
}
