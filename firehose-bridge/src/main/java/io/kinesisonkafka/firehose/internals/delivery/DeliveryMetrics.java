package io.kinesisonkafka.firehose.internals.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One delivery stream's meters under Firehose's CloudWatch names, tagged {@code
 * DeliveryStreamName}: {@code DeliveryTo<S3|Files>.Success} (1 per successful put, 0 per failed
 * one: its mean is CloudWatch's Average), {@code .Records}, {@code .Bytes}, {@code .DataFreshness}
 * (seconds, the oldest delivered record's age at delivery), {@code IncomingRecords}, {@code
 * IncomingBytes}, {@code ExecuteProcessing.Success}, {@code SucceedProcessing.Records}.
 */
public final class DeliveryMetrics {
  private final DistributionSummary success;
  private final Counter records;
  private final Counter bytes;
  private final AtomicLong freshnessSeconds = new AtomicLong();
  private final DistributionSummary processingSuccess;
  private final Counter processedRecords;

  public DeliveryMetrics(MeterRegistry meters, String stream, String destinationKind) {
    String d = "DeliveryTo" + destinationKind;
    String tag = "DeliveryStreamName";
    success = DistributionSummary.builder(d + ".Success").tag(tag, stream).register(meters);
    records = Counter.builder(d + ".Records").tag(tag, stream).register(meters);
    bytes = Counter.builder(d + ".Bytes").tag(tag, stream).baseUnit("bytes").register(meters);
    Gauge.builder(d + ".DataFreshness", freshnessSeconds, AtomicLong::get)
        .tag(tag, stream)
        .baseUnit("seconds")
        .register(meters);
    processingSuccess =
        DistributionSummary.builder("ExecuteProcessing.Success").tag(tag, stream).register(meters);
    processedRecords =
        Counter.builder("SucceedProcessing.Records").tag(tag, stream).register(meters);
  }

  public void delivered(int recordCount, long byteCount, long oldestArrivalMillis, long nowMillis) {
    success.record(1);
    records.increment(recordCount);
    bytes.increment(byteCount);
    freshnessSeconds.set(Math.max(0, (nowMillis - oldestArrivalMillis) / 1000));
  }

  public void deliveryFailed() {
    success.record(0);
  }

  /** One record put into a DirectPut delivery stream. */
  public static void incoming(MeterRegistry meters, String stream, long bytes) {
    Counter.builder("IncomingRecords")
        .tag("DeliveryStreamName", stream)
        .register(meters)
        .increment();
    Counter.builder("IncomingBytes")
        .tag("DeliveryStreamName", stream)
        .register(meters)
        .increment(bytes);
  }

  public void processed(int invocations, int failedInvocations, int okRecords) {
    for (int i = 0; i < invocations; i++) {
      processingSuccess.record(i < failedInvocations ? 0 : 1);
    }
    processedRecords.increment(okRecords);
  }
}
