package io.kinesisonkafka.adapter.server.operations;

import static io.kinesisonkafka.adapter.server.protocol.Operation.sync;

import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.DescribeStreamRequest;
import io.kinesisonkafka.adapter.model.Limits;
import io.kinesisonkafka.adapter.model.ListStreamsRequest;
import io.kinesisonkafka.adapter.model.ListStreamsResult;
import io.kinesisonkafka.adapter.model.StreamDescription;
import io.kinesisonkafka.adapter.model.StreamDescriptionSummary;
import io.kinesisonkafka.adapter.model.StreamMode;
import io.kinesisonkafka.adapter.server.protocol.Body;
import io.kinesisonkafka.adapter.server.protocol.Input;
import io.kinesisonkafka.adapter.server.protocol.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stream lifecycle, description and settings: one small handler per Kinesis operation. */
final class StreamOperations {
  private final KinesisEngine engine;

  StreamOperations(KinesisEngine engine) {
    this.engine = engine;
  }

  Map<String, Operation> operations() {
    Map<String, Operation> ops = new LinkedHashMap<>();
    ops.put("CreateStream", sync(this::createStream));
    ops.put("DeleteStream", sync(this::deleteStream));
    ops.put("DescribeStream", sync(this::describeStream));
    ops.put("DescribeStreamSummary", sync(this::describeStreamSummary));
    ops.put("ListStreams", sync(this::listStreams));
    ops.put("IncreaseStreamRetentionPeriod", sync(in -> retention(in, true)));
    ops.put("DecreaseStreamRetentionPeriod", sync(in -> retention(in, false)));
    ops.put("UpdateStreamMode", sync(this::updateStreamMode));
    ops.put("UpdateMaxRecordSize", sync(this::updateMaxRecordSize));
    ops.put("EnableEnhancedMonitoring", sync(in -> monitoring(in, true)));
    ops.put("DisableEnhancedMonitoring", sync(in -> monitoring(in, false)));
    ops.put("StartStreamEncryption", sync(this::startEncryption));
    ops.put("StopStreamEncryption", sync(this::stopEncryption));
    ops.put("DescribeLimits", sync(this::describeLimits));
    ops.put("DescribeAccountSettings", sync(this::describeAccountSettings));
    return ops;
  }

  private static StreamMode mode(Input in) {
    Input details = in.object("StreamModeDetails");
    return details == null
        ? null
        : Shapes.enumOf(
            StreamMode.class, "streamModeDetails.streamMode", details.string("StreamMode"));
  }

  private Body createStream(Input in) {
    engine.createStream(
        new CreateStreamRequest(
            in.string("StreamName"),
            in.integer("ShardCount"),
            mode(in),
            in.integer("MaxRecordSizeInKiB"),
            in.stringMap("Tags")));
    return Body.EMPTY;
  }

  private Body deleteStream(Input in) {
    Boolean enforce = in.bool("EnforceConsumerDeletion");
    engine.deleteStream(in.stream(), enforce != null && enforce);
    return Body.EMPTY;
  }

  private Body describeStream(Input in) {
    StreamDescription d =
        engine.describeStream(
            new DescribeStreamRequest(
                in.stream(), in.integer("Limit"), in.string("ExclusiveStartShardId")));
    return out ->
        out.object(
            "StreamDescription",
            o -> {
              o.string("StreamName", d.streamName())
                  .string("StreamARN", d.streamArn())
                  .string("StreamStatus", d.streamStatus().name())
                  .object("StreamModeDetails", m -> m.string("StreamMode", d.streamMode().name()))
                  .objects("Shards", d.shards(), Shapes::shard)
                  .bool("HasMoreShards", d.hasMoreShards())
                  .number("RetentionPeriodHours", d.retentionPeriodHours())
                  .timestamp("StreamCreationTimestamp", d.streamCreationTimestamp());
              Shapes.enhancedMonitoring(o, d.enhancedMonitoring());
              o.string("EncryptionType", d.encryptionType()).string("KeyId", d.keyId());
            });
  }

  private Body describeStreamSummary(Input in) {
    StreamDescriptionSummary s = engine.describeStreamSummary(in.stream());
    return out ->
        out.object(
            "StreamDescriptionSummary",
            o -> {
              o.string("StreamName", s.streamName())
                  .string("StreamARN", s.streamArn())
                  .string("StreamStatus", s.streamStatus().name())
                  .object("StreamModeDetails", m -> m.string("StreamMode", s.streamMode().name()))
                  .number("RetentionPeriodHours", s.retentionPeriodHours())
                  .timestamp("StreamCreationTimestamp", s.streamCreationTimestamp());
              Shapes.enhancedMonitoring(o, s.enhancedMonitoring());
              o.string("EncryptionType", s.encryptionType())
                  .string("KeyId", s.keyId())
                  .number("OpenShardCount", s.openShardCount())
                  .number("ConsumerCount", s.consumerCount())
                  .number("MaxRecordSizeInKiB", s.maxRecordSizeInKiB())
                  // The KPL reads this to decide whether to aggregate; records here are routed
                  // by the partition key's hash, as it assumes.
                  .string("RecordDistributionStrategy", "USER_PARTITION_KEY");
            });
  }

  private Body listStreams(Input in) {
    ListStreamsResult r =
        engine.listStreams(
            new ListStreamsRequest(
                in.integer("Limit"),
                in.string("ExclusiveStartStreamName"),
                in.string("NextToken")));
    return out ->
        out.strings("StreamNames", r.streamNames())
            .bool("HasMoreStreams", r.hasMoreStreams())
            .string("NextToken", r.nextToken())
            .objects(
                "StreamSummaries",
                r.streamSummaries(),
                (o, s) ->
                    o.string("StreamName", s.streamName())
                        .string("StreamARN", s.streamArn())
                        .string("StreamStatus", s.streamStatus().name())
                        .object(
                            "StreamModeDetails", m -> m.string("StreamMode", s.streamMode().name()))
                        .timestamp("StreamCreationTimestamp", s.streamCreationTimestamp()));
  }

  private Body retention(Input in, boolean increase) {
    Integer hours = in.integer("RetentionPeriodHours");
    if (hours == null) {
      throw InputChecks.required("retentionPeriodHours");
    }
    if (increase) {
      engine.increaseStreamRetentionPeriod(in.stream(), hours);
    } else {
      engine.decreaseStreamRetentionPeriod(in.stream(), hours);
    }
    return Body.EMPTY;
  }

  private Body updateStreamMode(Input in) {
    engine.updateStreamMode(in.stream(), mode(in));
    return Body.EMPTY;
  }

  private Body updateMaxRecordSize(Input in) {
    Integer kib = in.integer("MaxRecordSizeInKiB");
    if (kib == null) {
      throw InputChecks.required("maxRecordSizeInKiB");
    }
    engine.updateMaxRecordSize(in.stream(), kib);
    return Body.EMPTY;
  }

  private Body monitoring(Input in, boolean enable) {
    List<String> metrics = in.strings("ShardLevelMetrics");
    for (String m : metrics == null ? List.<String>of() : metrics) {
      InputChecks.metric(m);
    }
    List<List<String>> result =
        enable
            ? engine.enableEnhancedMonitoring(in.stream(), metrics)
            : engine.disableEnhancedMonitoring(in.stream(), metrics);
    StreamDescriptionSummary s = engine.describeStreamSummary(in.stream());
    return out ->
        out.string("StreamName", s.streamName())
            .string("StreamARN", s.streamArn())
            .strings("CurrentShardLevelMetrics", result.get(0))
            .strings("DesiredShardLevelMetrics", result.get(1));
  }

  private Body startEncryption(Input in) {
    String type = in.string("EncryptionType");
    InputChecks.encryption(type);
    if (in.string("KeyId") == null) {
      throw InputChecks.required("keyId");
    }
    engine.startStreamEncryption(in.stream(), type, in.string("KeyId"));
    return Body.EMPTY;
  }

  private Body stopEncryption(Input in) {
    InputChecks.encryption(in.string("EncryptionType"));
    engine.stopStreamEncryption(in.stream());
    return Body.EMPTY;
  }

  private Body describeLimits(Input in) {
    Limits l = engine.describeLimits();
    return out ->
        out.number("ShardLimit", l.shardLimit())
            .number("OpenShardCount", l.openShardCount())
            .number("OnDemandStreamCount", l.onDemandStreamCount())
            .number("OnDemandStreamCountLimit", l.onDemandStreamCountLimit());
  }

  private Body describeAccountSettings(Input in) {
    return out ->
        out.object("MinimumThroughputBillingCommitment", o -> o.string("Status", "DISABLED"));
  }
}
