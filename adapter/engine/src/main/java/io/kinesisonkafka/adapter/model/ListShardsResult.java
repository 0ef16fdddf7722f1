package io.kinesisonkafka.adapter.model;

import java.util.List;

/**
 * ListShards' answer: a page of shards and the token for the next page, if any.
 *
 * @param shards the shards on this page, in shard id order
 * @param nextToken the token for the next page; null on the last page
 */
public record ListShardsResult(List<Shard> shards, String nextToken) {}
