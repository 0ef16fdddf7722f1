package io.kinesisonkafka.lambda.internals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * A mapping's metrics under Lambda's CloudWatch names, tagged with the function and the stream:
 * function metrics ({@code Invocations}, {@code Errors}, {@code Throttles}, {@code Duration},
 * {@code IteratorAge}, {@code DestinationDeliveryFailures}) and event source mapping metrics
 * ({@code PolledEventCount}, {@code FilteredOutEventCount}, {@code InvokedEventCount}, {@code
 * FailedInvokeEventCount}, {@code DroppedEventCount}, {@code
 * OnFailureDestinationDeliveredEventCount}). Throttles stays 0: nothing limits concurrency here.
 */
public final class MappingMetrics {
  final Counter invocations;
  final Counter errors;
  final Counter throttles;
  final Timer duration;
  final DistributionSummary iteratorAge;
  final Counter destinationDeliveryFailures;
  final Counter polled;
  final Counter filteredOut;
  final Counter invokedEvents;
  final Counter failedInvokeEvents;
  final Counter dropped;
  final Counter onFailureDelivered;

  /** Registers the meters. */
  public MappingMetrics(MeterRegistry registry, String functionName, String streamName) {
    Tags tags = Tags.of("FunctionName", functionName, "StreamName", streamName);
    invocations = registry.counter("Invocations", tags);
    errors = registry.counter("Errors", tags);
    throttles = registry.counter("Throttles", tags);
    duration = registry.timer("Duration", tags);
    iteratorAge =
        DistributionSummary.builder("IteratorAge")
            .baseUnit("milliseconds")
            .tags(tags)
            .register(registry);
    destinationDeliveryFailures = registry.counter("DestinationDeliveryFailures", tags);
    polled = registry.counter("PolledEventCount", tags);
    filteredOut = registry.counter("FilteredOutEventCount", tags);
    invokedEvents = registry.counter("InvokedEventCount", tags);
    failedInvokeEvents = registry.counter("FailedInvokeEventCount", tags);
    dropped = registry.counter("DroppedEventCount", tags);
    onFailureDelivered = registry.counter("OnFailureDestinationDeliveredEventCount", tags);
  }
}
