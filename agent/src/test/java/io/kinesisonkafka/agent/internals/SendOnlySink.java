package io.kinesisonkafka.agent.internals;

import java.time.Duration;

/** A {@link RecordSink} for tests that only sends: always available, nothing to close. */
@FunctionalInterface
interface SendOnlySink extends RecordSink {
  @Override
  default String unavailable() {
    return null;
  }

  @Override
  default void close(Duration timeout) {}
}
