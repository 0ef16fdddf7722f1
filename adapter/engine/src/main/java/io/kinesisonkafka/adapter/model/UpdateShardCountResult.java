package io.kinesisonkafka.adapter.model;

/**
 * UpdateShardCount's answer. The resharding it starts goes on after the answer; the stream is
 * UPDATING until it is done.
 *
 * @param streamName the stream's name
 * @param streamArn the stream's ARN
 * @param currentShardCount the open shards when the request came
 * @param targetShardCount the open shards asked for
 */
public record UpdateShardCountResult(
    String streamName, String streamArn, int currentShardCount, int targetShardCount) {}
