package io.kinesisonkafka.connect.internals;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/**
 * The one retry decision of both connectors, and their back-off: exponential with jitter
 * (resilience4j's {@link IntervalFunction}), capped.
 */
public final class Retriable {
  private Retriable() {}

  /** Whether a failed Kinesis call may succeed when tried again later. */
  public static boolean test(Throwable e) {
    if (e instanceof ProvisionedThroughputExceededException
        || e instanceof LimitExceededException
        || e instanceof KmsThrottlingException) {
      return true;
    }
    if (e instanceof AwsServiceException aws) {
      return aws.statusCode() >= 500 || aws.isThrottlingException();
    }
    return e instanceof SdkClientException;
  }

  /** Whether a PutRecords entry's error code is worth trying again. */
  public static boolean entryRetriable(String errorCode) {
    return errorCode == null
        || errorCode.contains("ProvisionedThroughputExceeded")
        || errorCode.contains("InternalFailure")
        || errorCode.contains("KMSThrottling")
        || errorCode.contains("ServiceUnavailable");
  }

  /** Back-off intervals: initial, doubling, +/-50% jitter, capped at {@code max}. */
  public static IntervalFunction backoff(Duration initial, Duration max) {
    return IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.5, max);
  }
}
