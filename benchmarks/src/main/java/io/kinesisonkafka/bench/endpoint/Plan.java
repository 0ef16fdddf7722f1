package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.bench.Options;

/** The endpoint benchmark's options, parsed and checked. */
record Plan(
    long records,
    long oneThreadRecords,
    long warmupRecords,
    int rounds,
    int threads,
    int shards,
    int latencyPuts,
    int latencyWarmup,
    int subscribeRecords,
    int subscribeWarmup,
    int subscribeIntervalMs,
    int iterators,
    int subscriptions,
    int holdSeconds,
    long coldRecords,
    java.util.List<String> coldJvmOptions,
    boolean coldTuned) {

  static Plan from(Options o) {
    return new Plan(
        o.longValue("records", 300_000, 500, 100_000_000),
        o.longValue("records-1thread", 50_000, 500, 100_000_000),
        o.longValue("warmup-records", 100_000, 0, 100_000_000),
        o.intValue("rounds", 3, 1, 100),
        o.intValue("threads", 8, 1, 256),
        o.intValue("shards", 4, 1, 64),
        o.intValue("latency-puts", 2000, 1, 1_000_000),
        o.intValue("latency-warmup", 10_000, 0, 1_000_000),
        o.intValue("subscribe-records", 2000, 1, 1_000_000),
        o.intValue("subscribe-warmup", 1000, 0, 1_000_000),
        o.intValue("subscribe-interval-ms", 5, 1, 10_000),
        o.intValue("iterators", 1000, 0, 1_000_000),
        o.intValue("subscriptions", 100, 1, 2000),
        o.intValue("hold-seconds", 30, 0, 3600),
        o.longValue("cold-records", 100_000, 0, 100_000_000),
        java.util.Arrays.stream(o.stringValue("cold-jvm-options", "").trim().split("\\s+"))
            .filter(s -> !s.isEmpty())
            .toList(),
        Boolean.parseBoolean(o.stringValue("cold-tuned", "true")));
  }
}
