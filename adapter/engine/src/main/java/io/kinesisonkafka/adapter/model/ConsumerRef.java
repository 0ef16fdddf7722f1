package io.kinesisonkafka.adapter.model;

/**
 * How DescribeStreamConsumer and DeregisterStreamConsumer name an enhanced fan-out consumer: by
 * stream ARN and consumer name ({@link #named}), or by consumer ARN ({@link #arn}). Kinesis refuses
 * other combinations; the engine checks that, so the canonical constructor takes any.
 *
 * @param streamArn the ARN of the consumer's stream, with {@code consumerName}; else null
 * @param consumerName the name the consumer was registered under, with {@code streamArn}; else null
 * @param consumerArn the consumer's ARN, alone; else null
 */
public record ConsumerRef(String streamArn, String consumerName, String consumerArn) {

  /**
   * The consumer registered under this name for that stream.
   *
   * @param streamArn the stream's ARN
   * @param consumerName the name the consumer was registered under
   * @return a reference by stream ARN and name, with no consumer ARN
   */
  public static ConsumerRef named(String streamArn, String consumerName) {
    return new ConsumerRef(streamArn, consumerName, null);
  }

  /**
   * The consumer with this ARN.
   *
   * @param consumerArn the ARN RegisterStreamConsumer returned
   * @return a reference by consumer ARN, with no stream ARN or name
   */
  public static ConsumerRef arn(String consumerArn) {
    return new ConsumerRef(null, null, consumerArn);
  }

  @Override
  public String toString() {
    return consumerArn != null ? consumerArn : streamArn + "/" + consumerName;
  }
}
