package io.kinesisonkafka.adapter.model;

/**
 * How a request names a stream: by name, by ARN, or both (then they must agree). Every
 * stream-scoped operation takes one.
 */
public record StreamRef(String streamName, String streamArn) {
  public static StreamRef named(String streamName) {
    return new StreamRef(streamName, null);
  }

  public static StreamRef arn(String streamArn) {
    return new StreamRef(null, streamArn);
  }

  @Override
  public String toString() {
    return streamName != null ? streamName : String.valueOf(streamArn);
  }
}
