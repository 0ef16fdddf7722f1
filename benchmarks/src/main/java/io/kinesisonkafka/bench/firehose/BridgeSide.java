package io.kinesisonkafka.bench.firehose;

import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.firehose.BridgeConfig;
import io.kinesisonkafka.firehose.DeliveryStreamConfig;
import io.kinesisonkafka.firehose.Destination;
import io.kinesisonkafka.firehose.FirehoseBridge;
import io.kinesisonkafka.firehose.ObjectStore;
import io.kinesisonkafka.firehose.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * Ours: a bridge delivering a delivery stream whose source is the filled topic; timed from
 * CreateDeliveryStream until the destination acknowledged every byte (the bridge's {@code
 * DeliveryTo<kind>.Bytes} counter).
 */
final class BridgeSide implements AutoCloseable {
  private final FirehoseBridge bridge;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final String kind;

  BridgeSide(String bootstrap, ObjectStore store, String tag) {
    this.kind = store.kind();
    this.bridge =
        FirehoseBridge.start(
            BridgeConfig.custom(bootstrap)
                .catalogTopic("__bench_firehose_catalog_" + tag)
                .groupPrefix("bench-firehose-" + tag + ".")
                .objectStore(store)
                .meters(meters)
                .pollTimeout(Topic.POLL)
                .build());
  }

  Throughput run(
      String topic,
      String name,
      String bucket,
      int sizeMib,
      int intervalSeconds,
      long records,
      long totalBytes)
      throws InterruptedException {
    long start = System.nanoTime();
    bridge.create(
        DeliveryStreamConfig.builder(name)
            .source(new Source.KafkaTopic(topic))
            .destination(Destination.ObjectStorage.bucket(bucket).withPrefix(name + "/", null))
            .bufferingHints(sizeMib, intervalSeconds)
            .build());
    Counter delivered = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (delivered == null || delivered.count() < totalBytes) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the bridge did not deliver " + name + " in 10 minutes");
      }
      Thread.sleep(2);
      delivered =
          meters.find("DeliveryTo" + kind + ".Bytes").tag("DeliveryStreamName", name).counter();
    }
    long nanos = System.nanoTime() - start;
    bridge.delete(name);
    return new Throughput(records, (long) delivered.count(), nanos);
  }

  @Override
  public void close() {
    bridge.close();
  }
}
