package io.kinesisonkafka.adapter.model;

/**
 * How DescribeStreamConsumer and DeregisterStreamConsumer name an enhanced fan-out consumer: by
 * stream ARN and consumer name ({@link #named}), or by consumer ARN ({@link #arn}). Kinesis refuses
 * other combinations; the engine checks that, so the canonical constructor takes any.
 */
public record ConsumerRef(String streamArn, String consumerName, String consumerArn) {

  /** The consumer registered under this name for that stream. */
  public static ConsumerRef named(String streamArn, String consumerName) {
    return new ConsumerRef(streamArn, consumerName, null);
  }

  /** The consumer with this ARN. */
  public static ConsumerRef arn(String consumerArn) {
    return new ConsumerRef(null, null, consumerArn);
  }

  @Override
  public String toString() {
    return consumerArn != null ? consumerArn : streamArn + "/" + consumerName;
  }
}
