package io.kinesisonkafka.bench.subscriptions;

import io.kinesisonkafka.bench.RawKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The baseline: per subscription one KafkaConsumer (assign-only, long polls, the settings the
 * server's subscriptions used before they were shared) on a thread of its own, positioned at the
 * end of its partition as a LATEST subscription is.
 */
final class RawConsumers implements AutoCloseable {
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stop;

  static RawConsumers open(String bootstrap, String topic, List<String[]> pairs, Samples samples)
      throws InterruptedException {
    RawConsumers raw = new RawConsumers();
    CountDownLatch positioned = new CountDownLatch(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      int partition = Integer.parseInt(pairs.get(i)[1].substring("shardId-".length()));
      TopicPartition tp = new TopicPartition(topic, partition);
      Thread t =
          new Thread(
              () -> {
                try (KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(RawKafka.reader(bootstrap, "fanout", 10_000, 500))) {
                  consumer.assign(Set.of(tp));
                  consumer.seekToEnd(Set.of(tp));
                  while (true) {
                    try {
                      consumer.position(tp); // on a loaded machine this can time out: retry
                      break;
                    } catch (org.apache.kafka.common.errors.TimeoutException e) {
                      samples.retry();
                    }
                  }
                  positioned.countDown();
                  while (!raw.stop) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                      samples.record(r.value(), Samples.nowMicros());
                    }
                    samples.event();
                  }
                } catch (RuntimeException e) {
                  samples.error();
                  positioned.countDown();
                }
              },
              "raw-fanout-" + i);
      t.setDaemon(true);
      t.start();
      raw.threads.add(t);
    }
    if (!positioned.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("consumers not positioned after 10 minutes");
    }
    if (samples.errors() > 0) {
      throw new IllegalStateException(samples.errors() + " consumers failed to start");
    }
    return raw;
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    for (Thread t : threads) {
      t.join(5_000);
    }
  }
}
