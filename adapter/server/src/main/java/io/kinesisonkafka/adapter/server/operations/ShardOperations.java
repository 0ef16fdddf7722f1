package io.kinesisonkafka.adapter.server.operations;

import static io.kinesisonkafka.adapter.server.protocol.Operation.sync;

import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.model.ListShardsRequest;
import io.kinesisonkafka.adapter.model.ListShardsResult;
import io.kinesisonkafka.adapter.model.ShardFilter;
import io.kinesisonkafka.adapter.model.ShardFilterType;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.UpdateShardCountResult;
import io.kinesisonkafka.adapter.server.protocol.Body;
import io.kinesisonkafka.adapter.server.protocol.Input;
import io.kinesisonkafka.adapter.server.protocol.Operation;
import java.util.LinkedHashMap;
import java.util.Map;

/** ListShards and resharding. */
final class ShardOperations {
  private final KinesisEngine engine;

  ShardOperations(KinesisEngine engine) {
    this.engine = engine;
  }

  Map<String, Operation> operations() {
    Map<String, Operation> ops = new LinkedHashMap<>();
    ops.put("ListShards", sync(this::listShards));
    ops.put("SplitShard", sync(this::splitShard));
    ops.put("MergeShards", sync(this::mergeShards));
    ops.put("UpdateShardCount", sync(this::updateShardCount));
    return ops;
  }

  private Body listShards(Input in) {
    Input filter = in.object("ShardFilter");
    ShardFilter shardFilter = null;
    if (filter != null) {
      shardFilter =
          new ShardFilter(
              Shapes.enumOf(ShardFilterType.class, "shardFilter.type", filter.string("Type")),
              filter.string("ShardId"),
              filter.timestamp("Timestamp"));
      if (shardFilter.type() == null) {
        throw InputChecks.required("shardFilter.type");
      }
    }
    StreamRef ref = in.stream();
    ListShardsResult r =
        engine.listShards(
            new ListShardsRequest(
                ref.streamName() == null && ref.streamArn() == null ? null : ref,
                in.string("NextToken"),
                in.string("ExclusiveStartShardId"),
                in.integer("MaxResults"),
                shardFilter));
    return out ->
        out.objects("Shards", r.shards(), Shapes::shard).string("NextToken", r.nextToken());
  }

  private Body splitShard(Input in) {
    engine.splitShard(in.stream(), in.string("ShardToSplit"), in.string("NewStartingHashKey"));
    return Body.EMPTY;
  }

  private Body mergeShards(Input in) {
    engine.mergeShards(in.stream(), in.string("ShardToMerge"), in.string("AdjacentShardToMerge"));
    return Body.EMPTY;
  }

  private Body updateShardCount(Input in) {
    UpdateShardCountResult r =
        engine.updateShardCount(
            in.stream(), in.integer("TargetShardCount"), in.string("ScalingType"));
    return out ->
        out.string("StreamName", r.streamName())
            .string("StreamARN", r.streamArn())
            .number("CurrentShardCount", r.currentShardCount())
            .number("TargetShardCount", r.targetShardCount());
  }
}
