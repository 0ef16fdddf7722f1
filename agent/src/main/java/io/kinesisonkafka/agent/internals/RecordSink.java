package io.kinesisonkafka.agent.internals;

import io.kinesisonkafka.producer.UserRecordCallback;
import io.kinesisonkafka.producer.UserRecordFailedException;
import java.time.Duration;

/** Where a flow's records go: a Kinesis stream (producer-lib) or a DirectPut delivery stream. */
public interface RecordSink {

  /**
   * Told once per record, on a producer's thread: null when Kafka acknowledged it. It is also
   * producer-lib's callback, so that a line costs one callback object, not two.
   */
  @FunctionalInterface
  interface Listener extends UserRecordCallback {
    void done(Throwable error);

    @Override
    default void onCompletion(UserRecordFailedException failure) {
      done(failure);
    }
  }

  /**
   * Sends one record. Blocks while too much is in flight (back-pressure: the file is read no faster
   * than Kafka takes its records).
   */
  void send(String partitionKey, byte[] data, Listener listener);

  /** Null when the destination can take records; otherwise why not (then reading waits). */
  String unavailable();

  void close(Duration timeout);
}
