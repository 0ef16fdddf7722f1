package io.kinesisonkafka.adapter.model;

import java.util.List;

/**
 * GetRecords' answer. At the end of a closed shard {@code nextShardIterator} is null and {@code
 * childShards} is non-empty; otherwise {@code childShards} is empty.
 *
 * @param records the records read, in sequence number order; possibly empty
 * @param nextShardIterator the iterator to read on with; null once a closed shard is read to its
 *     end
 * @param millisBehindLatest how old the last record returned is, in milliseconds; 0 when the read
 *     reached the shard's tip or returned no record
 * @param childShards the shard's children when the read reached the end of a closed shard, else
 *     empty
 */
public record GetRecordsResult(
    List<Record> records,
    String nextShardIterator,
    long millisBehindLatest,
    List<ChildShard> childShards) {}
