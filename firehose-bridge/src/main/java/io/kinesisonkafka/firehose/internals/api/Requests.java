package io.kinesisonkafka.firehose.internals.api;

import static io.kinesisonkafka.firehose.FirehoseErrorCode.INVALID_ARGUMENT;

import io.kinesisonkafka.adapter.server.protocol.Input;

/** Members every operation reads, with Firehose's wording when they are missing. */
final class Requests {
  private Requests() {}

  static String name(Input in) {
    String name = in.string("DeliveryStreamName");
    if (name == null) {
      throw INVALID_ARGUMENT.exception(
          "1 validation error detected: Value null at 'deliveryStreamName' failed to satisfy"
              + " constraint: Member must not be null");
    }
    return name;
  }
}
