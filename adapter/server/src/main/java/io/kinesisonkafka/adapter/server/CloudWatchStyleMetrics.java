package io.kinesisonkafka.adapter.server;

import io.kinesisonkafka.adapter.StreamMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-stream metrics under the names Kinesis publishes to CloudWatch, tagged with the stream, so
 * dashboards and alerts written for Kinesis find their figures in Prometheus ({@code
 * kinesis_IncomingRecords_total{stream="orders"}}).
 */
final class CloudWatchStyleMetrics implements StreamMetrics {
  private final MeterRegistry registry;

  CloudWatchStyleMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  private Counter counter(String name, String stream) {
    return Counter.builder("kinesis." + name).tag("stream", stream).register(registry);
  }

  private DistributionSummary summary(String name, String stream) {
    return DistributionSummary.builder("kinesis." + name).tag("stream", stream).register(registry);
  }

  @Override
  public void recordsPut(String stream, String operation, int records, long bytes) {
    counter("IncomingRecords", stream).increment(records);
    counter("IncomingBytes", stream).increment(bytes);
    counter(operation + ".Records", stream).increment(records);
    counter(operation + ".Bytes", stream).increment(bytes);
  }

  @Override
  public void writeThrottled(String stream, int records) {
    counter("WriteProvisionedThroughputExceeded", stream).increment(records);
  }

  @Override
  public void recordsRead(String stream, int records, long bytes, long millisBehindLatest) {
    counter("GetRecords.Records", stream).increment(records);
    counter("GetRecords.Bytes", stream).increment(bytes);
    counter("OutgoingRecords", stream).increment(records);
    counter("OutgoingBytes", stream).increment(bytes);
    summary("GetRecords.IteratorAgeMilliseconds", stream).record(millisBehindLatest);
  }

  @Override
  public void readThrottled(String stream) {
    counter("ReadProvisionedThroughputExceeded", stream).increment();
  }

  @Override
  public void eventDelivered(String stream, int records, long bytes, long millisBehindLatest) {
    counter("SubscribeToShardEvent.Records", stream).increment(records);
    counter("SubscribeToShardEvent.Bytes", stream).increment(bytes);
    counter("OutgoingRecords", stream).increment(records);
    counter("OutgoingBytes", stream).increment(bytes);
    summary("SubscribeToShardEvent.MillisBehindLatest", stream).record(millisBehindLatest);
  }
}
