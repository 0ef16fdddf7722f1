package io.kinesisonkafka.adapter.model;

/** DescribeLimits' answer. */
public record Limits(
    int shardLimit, int openShardCount, int onDemandStreamCount, int onDemandStreamCountLimit) {}
