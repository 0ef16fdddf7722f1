package io.kinesisonkafka.agent.internals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One flow's meters, named as the AWS agent names its metrics (tag {@code flow}): what was parsed,
 * skipped, truncated, sent, and how far behind the files' ends the flow is.
 */
final class FlowMetrics {
  final Counter recordsParsed;
  final Counter bytesConsumed;
  final Counter recordsSkipped;
  final Counter recordsTruncated;
  final Counter processingErrors;
  final Counter sendAttempts;
  final Counter sendErrors;
  final Counter recordsSent;
  final Counter bytesSent;
  final Counter fileErrors;
  final AtomicLong bytesBehind = new AtomicLong();
  final AtomicLong filesBehind = new AtomicLong();
  final AtomicLong filesTracked = new AtomicLong();

  FlowMetrics(MeterRegistry registry, String flow) {
    Tags tags = Tags.of("flow", flow);
    recordsParsed = registry.counter("TotalRecordsParsed", tags);
    bytesConsumed = registry.counter("TotalBytesConsumed", tags);
    recordsSkipped = registry.counter("TotalRecordsSkipped", tags);
    recordsTruncated = registry.counter("FileTailer.RecordsTruncated", tags);
    processingErrors = registry.counter("TotalDataProcessingErrors", tags);
    sendAttempts = registry.counter("RecordSendAttempts", tags);
    sendErrors = registry.counter("RecordSendErrors", tags);
    recordsSent = registry.counter("TotalRecordsSent", tags);
    bytesSent = registry.counter("BytesSent", tags);
    fileErrors = registry.counter("FileTailer.FileErrors", tags);
    Gauge.builder("FileTailer.BytesBehind", bytesBehind, AtomicLong::get)
        .tags(tags)
        .register(registry);
    Gauge.builder("FileTailer.FilesBehind", filesBehind, AtomicLong::get)
        .tags(tags)
        .register(registry);
    Gauge.builder("FileTailer.FilesTracked", filesTracked, AtomicLong::get)
        .tags(tags)
        .register(registry);
  }
}
