package io.kinesisonkafka.adapter.internals.state;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;

/**
 * What applying one command decided, identically on every instance: accepted, or rejected with the
 * Kinesis error the writer reports.
 */
public record Outcome(KinesisErrorCode error, String message) {
  public static final Outcome ACCEPTED = new Outcome(null, null);

  public static Outcome rejected(KinesisErrorCode error, String message) {
    return new Outcome(error, message);
  }

  public boolean accepted() {
    return error == null;
  }

  /** Throws the rejection as the client's error; returns quietly when accepted. */
  public void throwIfRejected() {
    if (error != null) {
      throw new KinesisException(error, message);
    }
  }
}
