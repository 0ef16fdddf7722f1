package io.kinesisonkafka.adapter.internals.kafka;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The one place where Kafka's failures become Kinesis errors. */
public final class KafkaErrors {
  private KafkaErrors() {}

  public static KinesisException translate(String what, Throwable cause) {
    if (cause instanceof KinesisException k) {
      return k;
    }
    String message = what + " failed: " + cause;
    if (cause instanceof AuthorizationException) {
      return new KinesisException(KinesisErrorCode.ACCESS_DENIED, message, cause);
    }
    if (cause instanceof RecordTooLargeException) {
      return new KinesisException(KinesisErrorCode.INVALID_ARGUMENT, message, cause);
    }
    if (cause instanceof UnknownTopicOrPartitionException) {
      return new KinesisException(KinesisErrorCode.RESOURCE_NOT_FOUND, message, cause);
    }
    return new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, message, cause);
  }
}
