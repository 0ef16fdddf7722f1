package io.kinesisonkafka.producer.internals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The KPL's metrics under the KPL's names (UserRecordsReceived, UserRecordsPut, KinesisRecordsPut,
 * ErrorsByCode, ...), as Micrometer meters tagged with the producer's client id. Counted per Kafka
 * record on the put path, not per user record.
 */
public final class ProducerMetrics {
  private final MeterRegistry registry;
  private final String producer;
  private final OutstandingLimit outstanding;
  private final LongAdder kinesisRecordsPut = new LongAdder();
  private final LongAdder kinesisBytesPut = new LongAdder();

  /**
   * Aggregates apart: a lone user record is its Kafka record, so the user-record counters are the
   * Kafka-record ones corrected by the aggregates' figures, and a lone record costs two adds.
   */
  private final LongAdder aggregatesPut = new LongAdder();

  private final LongAdder aggregateBytesPut = new LongAdder();
  private final LongAdder aggregatedUserRecordsPut = new LongAdder();
  private final LongAdder aggregatedUserBytesPut = new LongAdder();
  private final Counter expired;
  private final Counter allErrors;
  private final DistributionSummary retries;
  private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();

  public ProducerMetrics(MeterRegistry registry, String producer, OutstandingLimit outstanding) {
    this.registry = registry;
    this.producer = producer;
    this.outstanding = outstanding;
    counter("UserRecordsReceived", m -> m.outstanding.admitted());
    counter(
        "UserRecordsPut",
        m -> m.kinesisRecordsPut.sum() - m.aggregatesPut.sum() + m.aggregatedUserRecordsPut.sum());
    counter(
        "UserRecordsDataPut",
        m -> m.kinesisBytesPut.sum() - m.aggregateBytesPut.sum() + m.aggregatedUserBytesPut.sum());
    counter("KinesisRecordsPut", m -> m.kinesisRecordsPut.sum());
    counter("KinesisRecordsDataPut", m -> m.kinesisBytesPut.sum());
    this.expired = counter("UserRecordExpired");
    this.allErrors = counter("AllErrors");
    this.retries =
        DistributionSummary.builder("RetriesPerRecord")
            .tag("producer", producer)
            .register(registry);
    Gauge.builder("UserRecordsPending", outstanding, OutstandingLimit::records)
        .tag("producer", producer)
        .register(registry);
    Gauge.builder("UserRecordsPendingBytes", outstanding, OutstandingLimit::bytes)
        .tag("producer", producer)
        .register(registry);
  }

  /**
   * Counted in LongAdders on the put path; the registry reads them when it publishes. The state
   * object is this (Micrometer holds it weakly; the producer holds this strongly), never a lambda
   * of its own, which the garbage collector would take and leave the counter at zero.
   */
  private void counter(String name, ToDoubleFunction<ProducerMetrics> count) {
    FunctionCounter.builder(name, this, count).tag("producer", producer).register(registry);
  }

  private Counter counter(String name) {
    return Counter.builder(name).tag("producer", producer).register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  void put(OutgoingRecord record) {
    kinesisRecordsPut.increment();
    kinesisBytesPut.add(record.size());
    if (record.aggregated) {
      aggregatesPut.increment();
      aggregateBytesPut.add(record.size());
      aggregatedUserRecordsPut.add(record.userCount());
      aggregatedUserBytesPut.add(record.userBytes);
    }
  }

  void error(String code, int userRecords) {
    allErrors.increment(userRecords);
    errors
        .computeIfAbsent(
            code,
            c ->
                Counter.builder("ErrorsByCode")
                    .tag("producer", producer)
                    .tag("code", c)
                    .register(registry))
        .increment(userRecords);
    if ("Expired".equals(code)) {
      expired.increment(userRecords);
    }
  }

  void retried(int attempts) {
    retries.record(attempts);
  }
}
