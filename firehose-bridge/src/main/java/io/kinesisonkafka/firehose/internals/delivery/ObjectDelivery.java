package io.kinesisonkafka.firehose.internals.delivery;

import io.kinesisonkafka.firehose.Compression;
import io.kinesisonkafka.firehose.Destination;
import io.kinesisonkafka.firehose.ObjectStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers a batch to an object store: transforms it, writes the records as one object under the
 * prefix and the failed ones as one object under the error prefix, each put retried until stored.
 * Like Firehose's S3 destination, a put is retried while the store is down (the records wait in
 * Kafka, whose offsets are committed only after this returns); object names come from the batch, so
 * a retry or a replay replaces instead of adding.
 */
public final class ObjectDelivery implements BatchSink {

  private final String stream;
  private final Destination.ObjectStorage destination;
  private final ObjectStore store;
  private final Transformation transformation;
  private final String function;
  private final Retrier retrier;
  private final DeliveryMetrics metrics;
  private final Clock clock;
  private final ErrorOutput errors;

  public ObjectDelivery(DeliveryContext context, Destination.ObjectStorage destination) {
    this.stream = context.stream();
    this.destination = destination;
    this.store = context.store();
    this.transformation = context.transformation();
    this.function = context.function();
    this.retrier = context.retrier();
    this.metrics = context.metrics();
    this.clock = context.clock();
    this.errors = context.errorOutput(destination.bucket(), destination.errorOutputPrefix());
  }

  /** Returns once every record of the batch is stored (or under the error prefix). */
  @Override
  public void deliver(Batch batch) {
    if (batch.records().isEmpty()) {
      return;
    }
    List<byte[]> ok;
    List<Transformation.Failure> failed = List.of();
    if (transformation != null) {
      Transformation.Outcome outcome = transformation.apply(batch.records());
      ok = new ArrayList<>(outcome.ok().size());
      for (BufferedRecord r : outcome.ok()) {
        ok.add(r.data());
      }
      failed = outcome.failed();
      metrics.processed(outcome.invocations(), 0, ok.size());
    } else {
      ok = new ArrayList<>(batch.records().size());
      for (BufferedRecord r : batch.records()) {
        ok.add(r.data());
      }
    }
    long seed = Prefixes.seed(stream, batch.partition(), batch.firstOffset());
    String name =
        Prefixes.objectName(
            stream,
            batch.partition(),
            batch.oldestArrival(),
            batch.firstOffset(),
            destination.compression().extension());
    if (!ok.isEmpty()) {
      String key =
          Prefixes.evaluate(destination.prefix(), batch.oldestArrival(), null, seed) + name;
      byte[] content =
          Encoding.encode(ok, destination.newlineDelimiter(), destination.compression());
      put(key, content);
      long bytes = 0;
      for (byte[] r : ok) {
        bytes += r.length;
      }
      metrics.delivered(ok.size(), bytes, batch.oldestArrival().toEpochMilli(), clock.millis());
    }
    errors.write(batch, "processing-failed", failed, function);
  }

  private void put(String key, byte[] content) {
    retrier.run(() -> store.put(destination.bucket(), key, content), metrics::deliveryFailed);
  }

  /** For tests and messages: whether objects are compressed. */
  public Compression compression() {
    return destination.compression();
  }
}
