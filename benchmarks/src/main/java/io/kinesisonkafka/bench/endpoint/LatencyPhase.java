package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.bench.GcTime;
import io.kinesisonkafka.bench.SdkClients;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The latency measurements, on a one-shard stream and a one-partition topic of their own: PutRecord
 * through the SDK with its split (the SDK's metrics, the server's timer, CPU and GC), the same
 * sends through a KafkaProducer, then SubscribeToShard end to end against a KafkaConsumer.
 */
final class LatencyPhase {
  private final Plan plan;
  private final Payload payload;
  private final int recordBytes;
  private final PrintStream out;

  LatencyPhase(Plan plan, Payload payload, int recordBytes, PrintStream out) {
    this.plan = plan;
    this.payload = payload;
    this.recordBytes = recordBytes;
    this.out = out;
  }

  LatencyFindings run(KinesisServer server, KinesisClient sync, KafkaTarget raw, URI endpoint)
      throws Exception {
    PutRecordLatency putLatency =
        new PutRecordLatency(payload, plan.latencyWarmup(), plan.latencyPuts());
    SubscribeLatency subscribeLatency =
        new SubscribeLatency(
            plan.subscribeWarmup(),
            plan.subscribeRecords(),
            recordBytes,
            Duration.ofMillis(plan.subscribeIntervalMs()));
    Streams streams = new Streams(sync);
    String latencyStream = "bench-endpoint-latency";
    String shardId = streams.create(latencyStream, 1).get(0);
    String consumerArn = streams.registerConsumer(streams.arn(latencyStream), "latency");
    String latencyTopic = "bench-endpoint-raw-latency";
    raw.createTopic(latencyTopic, 1);

    putLatency.warmUp(sync, latencyStream);
    ServerTime putsBefore = ServerTime.of(server, "PutRecord");
    GcTime gcBefore = GcTime.now();
    CpuSplit.Snapshot cpuBefore = CpuSplit.snapshot();
    Latency putOurs = putLatency.sdk(sync, latencyStream);
    CpuSplit.Snapshot putCpu = CpuSplit.snapshot().minus(cpuBefore);
    GcTime putGc = GcTime.now().minus(gcBefore);
    ServerTime putsAfter = ServerTime.of(server, "PutRecord");
    Latency serverPut =
        new Latency(
            (int) (putsAfter.calls() - putsBefore.calls()),
            (long) (putsAfter.percentileMillisSince(putsBefore, 50) * 1e6),
            (long) (putsAfter.percentileMillisSince(putsBefore, 99) * 1e6),
            0);
    print("PutRecord latency", "server+sdk", putOurs);
    SdkCallMetrics metrics = new SdkCallMetrics();
    Map<String, Latency> sdkParts;
    try (KinesisClient instrumented = SdkClients.sync(endpoint, 4, metrics)) {
      sdkParts = putLatency.sdkParts(instrumented, metrics, latencyStream);
    }
    putLatency.warmUpKafka(raw.producer(), latencyTopic);
    cpuBefore = CpuSplit.snapshot();
    Latency putRaw = putLatency.kafka(raw.producer(), latencyTopic);
    CpuSplit.Snapshot putRawCpu = CpuSplit.snapshot().minus(cpuBefore);
    print("PutRecord latency", "kafka-clients", putRaw);
    out.println("PutRecord latency: " + putLatency.describeWarmUp());
    EndToEnd.Result subscribeOurs;
    GcTime subscribeGc;
    try (KinesisAsyncClient async = SdkClients.async(endpoint, 16)) {
      gcBefore = GcTime.now();
      subscribeOurs = subscribeLatency.sdk(sync, async, latencyStream, consumerArn, shardId);
      subscribeGc = GcTime.now().minus(gcBefore);
    }
    print("SubscribeToShard end-to-end", "server+sdk", subscribeOurs.latency());
    EndToEnd.Result subscribeRaw = subscribeLatency.kafka(raw.producer(), raw, latencyTopic);
    print("SubscribeToShard end-to-end", "kafka-clients", subscribeRaw.latency());
    LatencyFindings latency =
        new LatencyFindings(
            putOurs,
            putRaw,
            serverPut,
            sdkParts,
            subscribeOurs,
            subscribeRaw,
            putGc,
            subscribeGc,
            putCpu,
            putRawCpu);
    streams.delete(latencyStream);
    raw.deleteTopic(latencyTopic);
    return latency;
  }

  private void print(String what, String side, Latency l) {
    out.printf(
        Locale.ROOT,
        "%-27s %-13s %,6d samples: p50 %6.2f ms, p99 %6.2f ms, max %7.2f ms%n",
        what,
        side,
        l.samples(),
        l.p50Millis(),
        l.p99Millis(),
        l.maxMillis());
    out.flush();
  }
}
