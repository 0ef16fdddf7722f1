package io.kinesisonkafka.agent.internals;

import io.kinesisonkafka.agent.AgentConfig.KafkaSettings;
import io.kinesisonkafka.agent.FlowConfig;
import io.kinesisonkafka.producer.KinesisProducer;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import io.kinesisonkafka.producer.UserRecordFailedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;

/**
 * A {@code kinesisStream} flow's records, written with producer-lib: Kinesis routing by partition
 * key, per-shard rate limits, optional KPL aggregation, retries; {@code maxBufferAgeMillis} is the
 * KPL's RecordMaxBufferedTime and {@code maxBufferSizeRecords} / {@code maxBufferSizeBytes} its
 * collection limits. {@code addUserRecord} blocks at {@code kafka.maxOutstandingBytes}. The shards
 * are written through {@code kafka.maxProducers} Kafka producers (one by default, where the KPL
 * opens up to 24 connections): a tailer is one thread whose lines all go the same way, and each
 * producer more is an I/O thread more acknowledging a share of them, and smaller batches (measured
 * with {@code ./bench agent}: about 0.2 µs less CPU per line with one producer than with four).
 */
final class StreamSink implements RecordSink {
  private final KinesisProducer producer;
  private final String stream;

  StreamSink(KafkaSettings kafka, FlowConfig flow, MeterRegistry registry) {
    this.stream = flow.destination().name();
    KinesisProducerConfig.Builder b =
        KinesisProducerConfig.custom()
            .bootstrapServers(kafka.bootstrapServers())
            .kafkaProperties(kafka.properties())
            .topicPrefix(kafka.topicPrefix())
            .catalogTopic(kafka.catalogTopic())
            .catalogFreshness(kafka.catalogFreshness())
            .fastAckBound(kafka.fastAckBound())
            .recordMaxBufferedTime(bufferTime(flow))
            .aggregationEnabled(kafka.aggregationEnabled())
            .collectionMaxCount(flow.maxBufferSizeRecords())
            .collectionMaxSize(Math.max(52_224, flow.maxBufferSizeBytes()))
            .maxOutstandingBytes(kafka.maxOutstandingBytes())
            .whenFull(KinesisProducerConfig.WhenFull.BLOCK)
            .maxConnections(kafka.maxProducers())
            .recordTtl(Duration.ofMinutes(2))
            .initialBackoff(flow.retryInitialBackoff())
            .maxBackoff(flow.retryMaxBackoff());
    if (kafka.rateLimit() == 0) {
      b.noRateLimit();
    } else {
      b.rateLimit(kafka.rateLimit());
    }
    this.producer = new KinesisProducer(b.build(), registry);
  }

  /**
   * {@code maxBufferAgeMillis} is the longest a record may wait (60 s by default, which the AWS
   * agent needs to fill PutRecords calls); Kafka batches well without waiting that long, so records
   * wait at most 100 ms, or the configured age if it is shorter.
   */
  static Duration bufferTime(FlowConfig flow) {
    Duration cap = Duration.ofMillis(100);
    return flow.maxBufferAge().compareTo(cap) < 0 ? flow.maxBufferAge() : cap;
  }

  @Override
  public void send(String partitionKey, byte[] data, Listener listener) {
    try {
      // The callback path: no future and no result object per line, and the listener is the
      // callback.
      producer.addUserRecord(stream, partitionKey, data, listener);
    } catch (RuntimeException e) {
      listener.done(e);
    }
  }

  /** The reason of a failed record, for the log: the last attempt's error code and message. */
  static String describe(Throwable error) {
    Throwable e = error;
    while (e.getCause() != null && !(e instanceof UserRecordFailedException)) {
      e = e.getCause();
    }
    if (e instanceof UserRecordFailedException f) {
      List<io.kinesisonkafka.producer.Attempt> attempts = f.getResult().getAttempts();
      if (!attempts.isEmpty()) {
        io.kinesisonkafka.producer.Attempt last = attempts.get(attempts.size() - 1);
        return last.getErrorCode() + ": " + last.getErrorMessage();
      }
    }
    return String.valueOf(e);
  }

  @Override
  public String unavailable() {
    return null;
  }

  @Override
  public void close(Duration timeout) {
    producer.close(timeout);
  }
}
