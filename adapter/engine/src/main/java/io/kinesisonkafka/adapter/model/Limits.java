package io.kinesisonkafka.adapter.model;

/**
 * DescribeLimits' answer.
 *
 * @param shardLimit the most open shards the account may have (the engine's configured shard limit)
 * @param openShardCount the open shards of all streams
 * @param onDemandStreamCount the ON_DEMAND streams
 * @param onDemandStreamCountLimit the most ON_DEMAND streams the account may have
 */
public record Limits(
    int shardLimit, int openShardCount, int onDemandStreamCount, int onDemandStreamCountLimit) {}
