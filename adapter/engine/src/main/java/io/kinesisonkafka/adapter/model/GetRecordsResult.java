package io.kinesisonkafka.adapter.model;

import java.util.List;

/**
 * GetRecords' answer. At the end of a closed shard {@code nextShardIterator} is null and {@code
 * childShards} is non-empty; otherwise {@code childShards} is empty.
 */
public record GetRecordsResult(
    List<Record> records,
    String nextShardIterator,
    long millisBehindLatest,
    List<ChildShard> childShards) {}
