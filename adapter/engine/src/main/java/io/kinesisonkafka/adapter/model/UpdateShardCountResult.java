package io.kinesisonkafka.adapter.model;

/** UpdateShardCount's answer. */
public record UpdateShardCountResult(
    String streamName, String streamArn, int currentShardCount, int targetShardCount) {}
