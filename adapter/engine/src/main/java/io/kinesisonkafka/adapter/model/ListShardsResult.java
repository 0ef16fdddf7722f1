package io.kinesisonkafka.adapter.model;

import java.util.List;

/** A page of shards and the token for the next page, if any. */
public record ListShardsResult(List<Shard> shards, String nextToken) {}
