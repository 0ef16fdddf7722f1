package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.bench.GcTime;
import java.util.Map;

/**
 * The latency measurements and their split.
 *
 * @param putOurs PutRecord through the SDK
 * @param putRaw KafkaProducer send-to-ack of the same records
 * @param serverPut the server's own time per PutRecord over {@code putOurs}' calls (its timer's
 *     histogram: bucket bounds, no max)
 * @param sdkParts the SDK's split of as many PutRecord calls (its client-side metrics by name)
 * @param subscribeOurs SubscribeToShard end to end
 * @param subscribeRaw KafkaProducer to KafkaConsumer end to end
 * @param putGc collections in this JVM during {@code putOurs}
 * @param subscribeGc collections in this JVM during {@code subscribeOurs}
 * @param putCpu the CPU {@code putOurs} used, warm-up excluded
 * @param putRawCpu the CPU {@code putRaw} used, warm-up excluded
 */
record LatencyFindings(
    Latency putOurs,
    Latency putRaw,
    Latency serverPut,
    Map<String, Latency> sdkParts,
    EndToEnd.Result subscribeOurs,
    EndToEnd.Result subscribeRaw,
    GcTime putGc,
    GcTime subscribeGc,
    CpuSplit.Snapshot putCpu,
    CpuSplit.Snapshot putRawCpu) {}
