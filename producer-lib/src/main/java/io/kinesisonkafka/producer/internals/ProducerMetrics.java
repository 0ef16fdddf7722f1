package io.kinesisonkafka.producer.internals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

  /** Every thread's put counts, summed when the registry reads them. */
  private final List<PutCounts> putCounts = new CopyOnWriteArrayList<>();

  /** The put counts of the current thread (a Kafka I/O thread, or the timer thread). */
  private final ThreadLocal<PutCounts> threadPutCounts =
      ThreadLocal.withInitial(
          () -> {
            PutCounts c = new PutCounts();
            putCounts.add(c);
            return c;
          });

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
        m ->
            m.sum(PutCounts.RECORDS)
                - m.sum(PutCounts.AGGREGATES)
                + m.sum(PutCounts.AGGREGATED_USER_RECORDS));
    counter(
        "UserRecordsDataPut",
        m ->
            m.sum(PutCounts.BYTES)
                - m.sum(PutCounts.AGGREGATE_BYTES)
                + m.sum(PutCounts.AGGREGATED_USER_BYTES));
    counter("KinesisRecordsPut", m -> m.sum(PutCounts.RECORDS));
    counter("KinesisRecordsDataPut", m -> m.sum(PutCounts.BYTES));
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

  /**
   * Counts a Kafka record put, on the thread that confirmed it: in that thread's own counts, plain
   * additions and no atomic update per record (the Kafka I/O threads did two contended LongAdder
   * updates per record here).
   */
  void put(OutgoingRecord record) {
    PutCounts c = threadPutCounts.get();
    c.add(PutCounts.RECORDS, 1);
    c.add(PutCounts.BYTES, record.size());
    if (record.aggregated) {
      c.add(PutCounts.AGGREGATES, 1);
      c.add(PutCounts.AGGREGATE_BYTES, record.size());
      c.add(PutCounts.AGGREGATED_USER_RECORDS, record.userCount());
      c.add(PutCounts.AGGREGATED_USER_BYTES, record.userBytes);
    }
  }

  private long sum(int count) {
    long sum = 0;
    for (PutCounts c : putCounts) {
      sum += c.get(count);
    }
    return sum;
  }

  /**
   * One thread's counts of Kafka records put: written by that thread only (so a plain addition
   * loses nothing), published with release semantics and read with acquire by the registry. A lone
   * user record is its Kafka record, so the user-record counts are the Kafka-record ones corrected
   * by the aggregates' figures, and a lone record costs two additions.
   */
  private static final class PutCounts {
    static final int RECORDS = 0;
    static final int BYTES = 1;
    static final int AGGREGATES = 2;
    static final int AGGREGATE_BYTES = 3;
    static final int AGGREGATED_USER_RECORDS = 4;
    static final int AGGREGATED_USER_BYTES = 5;
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] counts = new long[6];

    void add(int count, long n) {
      COUNTS.setRelease(counts, count, counts[count] + n);
    }

    long get(int count) {
      return (long) COUNTS.getAcquire(counts, count);
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
