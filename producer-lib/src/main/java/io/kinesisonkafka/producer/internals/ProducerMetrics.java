package io.kinesisonkafka.producer.internals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The KPL's metrics under the KPL's names (UserRecordsReceived, UserRecordsPut, KinesisRecordsPut,
 * ErrorsByCode, ...), as Micrometer meters tagged with the producer's client id. Counted per Kafka
 * record on the put path, not per user record.
 */
public final class ProducerMetrics {
  private final MeterRegistry registry;
  private final String producer;
  private final LongAdder userRecordsPut = new LongAdder();
  private final LongAdder userBytesPut = new LongAdder();
  private final LongAdder kinesisRecordsPut = new LongAdder();
  private final LongAdder kinesisBytesPut = new LongAdder();
  private final Counter expired;
  private final Counter allErrors;
  private final DistributionSummary retries;
  private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();

  public ProducerMetrics(MeterRegistry registry, String producer, Outstanding outstanding) {
    this.registry = registry;
    this.producer = producer;
    FunctionCounter.builder("UserRecordsReceived", outstanding, Outstanding::admitted)
        .tag("producer", producer)
        .register(registry);
    counter("UserRecordsPut", userRecordsPut);
    counter("UserRecordsDataPut", userBytesPut);
    counter("KinesisRecordsPut", kinesisRecordsPut);
    counter("KinesisRecordsDataPut", kinesisBytesPut);
    this.expired = counter("UserRecordExpired");
    this.allErrors = counter("AllErrors");
    this.retries =
        DistributionSummary.builder("RetriesPerRecord")
            .tag("producer", producer)
            .register(registry);
    Gauge.builder("UserRecordsPending", outstanding, Outstanding::records)
        .tag("producer", producer)
        .register(registry);
    Gauge.builder("UserRecordsPendingBytes", outstanding, Outstanding::bytes)
        .tag("producer", producer)
        .register(registry);
  }

  /** Counted in a LongAdder on the put path; the registry reads it when it publishes. */
  private void counter(String name, LongAdder adder) {
    FunctionCounter.builder(name, adder, LongAdder::doubleValue)
        .tag("producer", producer)
        .register(registry);
  }

  private Counter counter(String name) {
    return Counter.builder(name).tag("producer", producer).register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  void put(KinesisRecord record) {
    userRecordsPut.add(record.userCount());
    userBytesPut.add(record.userBytes);
    kinesisRecordsPut.increment();
    kinesisBytesPut.add(record.size());
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
