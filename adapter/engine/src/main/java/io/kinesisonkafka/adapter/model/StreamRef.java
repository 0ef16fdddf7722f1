package io.kinesisonkafka.adapter.model;

/**
 * How a request names a stream: by name, by ARN, or both (then they must agree). Every
 * stream-scoped operation takes one. The record only carries the names; the engine resolves them
 * and answers a reference that matches no stream with ResourceNotFoundException.
 *
 * @param streamName the stream's name; null when the ARN names it
 * @param streamArn the stream's ARN; null when the name names it
 */
public record StreamRef(String streamName, String streamArn) {
  /**
   * A reference by name.
   *
   * @param streamName the stream's name
   * @return the reference, without ARN
   */
  public static StreamRef named(String streamName) {
    return new StreamRef(streamName, null);
  }

  /**
   * A reference by ARN.
   *
   * @param streamArn the stream's ARN
   * @return the reference, without name
   */
  public static StreamRef arn(String streamArn) {
    return new StreamRef(null, streamArn);
  }

  /**
   * The name if there is one, else the ARN: what error messages show.
   *
   * @return the name or the ARN
   */
  @Override
  public String toString() {
    return streamName != null ? streamName : String.valueOf(streamArn);
  }
}
