package io.kinesisonkafka.examples.firehose;

import io.kinesisonkafka.firehose.BridgeConfig;
import io.kinesisonkafka.firehose.Compression;
import io.kinesisonkafka.firehose.DeliveryStreamConfig;
import io.kinesisonkafka.firehose.Destination;
import io.kinesisonkafka.firehose.FirehoseBridge;
import io.kinesisonkafka.firehose.ObjectStore;
import io.kinesisonkafka.firehose.Processing;
import io.kinesisonkafka.firehose.RecordTransformer;
import io.kinesisonkafka.firehose.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A Firehose delivery stream from the Kinesis stream {@code orders} to files: each record goes
 * through a Java transformation (what a Lambda processor does on AWS: here it upper-cases the order
 * and drops test orders), is buffered for up to 60 s or 1 MB, and is delivered GZIP'd under {@code
 * <root>/<bucket>/YYYY/MM/DD/HH/}. The records come from anything that writes the stream: {@code
 * OrdersProducer}'s PutRecords, the KPL, producer-lib.
 *
 * <p>{@code mvn -q -pl examples exec:java
 * -Dexec.mainClass=io.kinesisonkafka.examples.firehose.OrdersToFiles -Dexec.args="<Kafka address>
 * orders /tmp/firehose"}
 */
public final class OrdersToFiles {
  private OrdersToFiles() {}

  /** The transformation: Ok with the order upper-cased, Dropped for a test order. */
  public static final RecordTransformer UPPER_CASE_REAL_ORDERS =
      request ->
          request.records().stream()
              .map(
                  r -> {
                    String order = new String(r.data(), StandardCharsets.UTF_8);
                    return order.startsWith("test-")
                        ? RecordTransformer.Result.dropped(r.recordId())
                        : RecordTransformer.Result.ok(
                            r.recordId(),
                            (order.toUpperCase(Locale.ROOT) + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                  })
              .toList();

  /** Starts a bridge delivering {@code stream} to files under {@code root}; close it to stop. */
  public static FirehoseBridge start(
      BridgeConfig.Builder bridge, String stream, Path root, int intervalSeconds) {
    FirehoseBridge firehose =
        FirehoseBridge.start(
            bridge
                .objectStore(ObjectStore.files(root))
                .transformer("upper-case-real-orders", UPPER_CASE_REAL_ORDERS)
                .build());
    if (!firehose.list().contains("orders-to-files")) {
      firehose.create(
          DeliveryStreamConfig.builder("orders-to-files")
              .source(new Source.KinesisStream(stream))
              .processing(
                  Processing.of(
                      "arn:aws:lambda:us-east-1:000000000000:function:upper-case-real-orders"))
              .destination(
                  Destination.ObjectStorage.bucket("orders-archive")
                      .withCompression(Compression.GZIP))
              .bufferingHints(1, intervalSeconds)
              .build());
    }
    return firehose;
  }

  public static void main(String[] args) throws InterruptedException {
    String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
    String stream = args.length > 1 ? args[1] : "orders";
    Path root = Path.of(args.length > 2 ? args[2] : "/tmp/firehose");
    try (FirehoseBridge firehose = start(BridgeConfig.custom(bootstrap), stream, root, 60)) {
      System.out.printf(
          "delivering %s to %s; Ctrl-C stops%n", stream, root.resolve("orders-archive"));
      Thread.currentThread().join();
    }
  }
}
