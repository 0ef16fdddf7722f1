package io.kinesisonkafka.adapter.server.operations;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.VALIDATION;

import io.kinesisonkafka.adapter.errors.KinesisException;
import java.util.Set;

/** Model constraints checked at the protocol edge, with the service's wording. */
final class InputChecks {
  private static final Set<String> METRICS =
      Set.of(
          "IncomingBytes",
          "IncomingRecords",
          "OutgoingBytes",
          "OutgoingRecords",
          "WriteProvisionedThroughputExceeded",
          "ReadProvisionedThroughputExceeded",
          "IteratorAgeMilliseconds",
          "ALL");

  private InputChecks() {}

  static KinesisException required(String member) {
    return VALIDATION.exception(
        "1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must"
            + " not be null",
        member);
  }

  static void metric(String metric) {
    if (!METRICS.contains(metric)) {
      throw VALIDATION.exception(
          "1 validation error detected: Value '%s' at 'shardLevelMetrics' failed to satisfy"
              + " constraint: Member must satisfy enum value set: %s",
          metric, METRICS);
    }
  }

  static void encryption(String type) {
    if (type == null) {
      throw required("encryptionType");
    }
    if (!type.equals("KMS") && !type.equals("NONE")) {
      throw VALIDATION.exception(
          "1 validation error detected: Value '%s' at 'encryptionType' failed to satisfy"
              + " constraint: Member must satisfy enum value set: [KMS, NONE]",
          type);
    }
  }
}
