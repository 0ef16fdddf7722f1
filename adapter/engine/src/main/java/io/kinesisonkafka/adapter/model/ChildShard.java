package io.kinesisonkafka.adapter.model;

import java.util.List;

/**
 * A child of a closed shard, reported at the shard's end (GetRecords' and SubscribeToShard's {@code
 * ChildShards}) so a reader can go on with the children once it has read the parent to its end.
 *
 * @param shardId the child's shard id, {@code shardId-} and twelve digits
 * @param parentShards the child's parents: one shard id after a split, two after a merge (the
 *     parent, then the adjacent parent)
 * @param hashKeyRange the hash keys the child owns
 */
public record ChildShard(String shardId, List<String> parentShards, HashKeyRange hashKeyRange) {}
