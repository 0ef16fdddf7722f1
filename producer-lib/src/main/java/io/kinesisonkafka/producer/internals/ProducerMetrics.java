package io.kinesisonkafka.producer.internals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The KPL's metrics under the KPL's names (UserRecordsReceived, UserRecordsPut, KinesisRecordsPut,
 * ErrorsByCode, ...), as Micrometer meters tagged with the producer's client id. Counted per Kafka
 * record on the put path, not per user record.
 */
public final class ProducerMetrics {
  private final MeterRegistry registry;
  private final String producer;
  private final Counter received;
  private final Counter userRecordsPut;
  private final Counter userBytesPut;
  private final Counter kinesisRecordsPut;
  private final Counter kinesisBytesPut;
  private final Counter expired;
  private final Counter allErrors;
  private final DistributionSummary retries;
  private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();

  public ProducerMetrics(MeterRegistry registry, String producer, Outstanding outstanding) {
    this.registry = registry;
    this.producer = producer;
    this.received = counter("UserRecordsReceived");
    this.userRecordsPut = counter("UserRecordsPut");
    this.userBytesPut = counter("UserRecordsDataPut");
    this.kinesisRecordsPut = counter("KinesisRecordsPut");
    this.kinesisBytesPut = counter("KinesisRecordsDataPut");
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

  private Counter counter(String name) {
    return Counter.builder(name).tag("producer", producer).register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void received() {
    received.increment();
  }

  void put(KinesisRecord record) {
    int users = record.users.size();
    long userBytes = 0;
    for (PendingUserRecord u : record.users) {
      userBytes += u.size;
    }
    userRecordsPut.increment(users);
    userBytesPut.increment(userBytes);
    kinesisRecordsPut.increment();
    kinesisBytesPut.increment(record.size());
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
