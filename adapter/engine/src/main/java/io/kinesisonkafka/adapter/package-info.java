/**
 * The Kinesis engine's public API: {@link io.kinesisonkafka.adapter.KinesisEngine} (Kinesis Data
 * Streams kept in Kafka), its {@link io.kinesisonkafka.adapter.EngineConfig}, the per-shard {@link
 * io.kinesisonkafka.adapter.ShardLimits}, the {@link io.kinesisonkafka.adapter.StreamMetrics}
 * callback and {@link io.kinesisonkafka.adapter.ShardSubscription}. Kinesis words only: streams,
 * shards, sequence numbers. Requests and answers are in {@code model}, errors in {@code errors},
 * the read-only catalog view libraries use in {@code catalog}; {@code internals} is not API.
 */
package io.kinesisonkafka.adapter;
