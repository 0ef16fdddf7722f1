package io.kinesisonkafka.firehose.internals.delivery;

import io.kinesisonkafka.firehose.ObjectStore;
import java.time.Clock;
import java.time.Duration;

/**
 * What every delivery of one delivery stream shares, whatever its destination: the stream's name
 * (object names and request ids derive from it), its transformation, the retries, the object store
 * that takes the error output, its metrics and the clock. {@code DeliveryStreams.startLoop} makes
 * one per delivery loop.
 *
 * @param stream the delivery stream's name
 * @param transformation the record transformation, or null when processing is off
 * @param function the transformation's ARN or URL, named in {@code processing-failed} error output
 * @param retrier retries a destination's writes until the loop closes
 * @param retryDuration how long a destination that gives up (HTTP endpoint, JDBC) retries a write
 *     before its records go to the error output
 * @param store the object store: the destination of object deliveries, and the error output's
 * @param metrics the delivery stream's metrics for this kind of destination
 * @param clock the time of deliveries and error records
 */
public record DeliveryContext(
    String stream,
    Transformation transformation,
    String function,
    Retrier retrier,
    Duration retryDuration,
    ObjectStore store,
    DeliveryMetrics metrics,
    Clock clock) {

  /** Error output to {@code bucket} under {@code prefix} (null: Firehose's default prefix). */
  public ErrorOutput errorOutput(String bucket, String prefix) {
    return new ErrorOutput(this, bucket, prefix);
  }
}
