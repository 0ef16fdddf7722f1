package io.kinesisonkafka.firehose.internals.api;

import static io.kinesisonkafka.adapter.server.protocol.Operation.sync;
import static io.kinesisonkafka.firehose.FirehoseErrorCode.INVALID_ARGUMENT;

import io.kinesisonkafka.adapter.server.protocol.Body;
import io.kinesisonkafka.adapter.server.protocol.Input;
import io.kinesisonkafka.adapter.server.protocol.Operation;
import io.kinesisonkafka.firehose.DeliveryStreamConfig;
import io.kinesisonkafka.firehose.DeliveryStreamDescription;
import io.kinesisonkafka.firehose.FirehoseBridge;
import io.kinesisonkafka.firehose.Source;
import io.kinesisonkafka.firehose.internals.config.ConfigJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CreateDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams, DeleteDeliveryStream. */
public final class DeliveryStreamOperations {
  private final FirehoseBridge bridge;

  public DeliveryStreamOperations(FirehoseBridge bridge) {
    this.bridge = bridge;
  }

  public Map<String, Operation> operations() {
    Map<String, Operation> ops = new LinkedHashMap<>();
    ops.put("CreateDeliveryStream", sync(this::create));
    ops.put("DescribeDeliveryStream", sync(this::describe));
    ops.put("ListDeliveryStreams", sync(this::list));
    ops.put("DeleteDeliveryStream", sync(this::delete));
    return ops;
  }

  private Body create(Input in) {
    Requests.name(in);
    DeliveryStreamConfig config;
    try {
      config = ConfigJson.read(InputMembers.of(in));
    } catch (IllegalArgumentException e) {
      throw INVALID_ARGUMENT.exception("%s", e.getMessage());
    }
    String arn = bridge.create(config).arn();
    return out -> out.string("DeliveryStreamARN", arn);
  }

  private Body delete(Input in) {
    bridge.delete(Requests.name(in));
    return Body.EMPTY;
  }

  private Body list(Input in) {
    String type = in.string("DeliveryStreamType");
    String start = in.string("ExclusiveStartDeliveryStreamName");
    Integer limit = in.integer("Limit");
    int max = limit == null ? 10 : limit;
    if (max < 1 || max > 10_000) {
      throw INVALID_ARGUMENT.exception("Limit must be in [1, 10000], but was %d.", max);
    }
    List<String> names = new ArrayList<>();
    boolean more = false;
    for (String name : bridge.list()) {
      if (start != null && name.compareTo(start) <= 0) {
        continue;
      }
      if (type != null && !type.equals(typeOf(name))) {
        continue;
      }
      if (names.size() == max) {
        more = true;
        break;
      }
      names.add(name);
    }
    boolean hasMore = more;
    return out -> out.strings("DeliveryStreamNames", names).bool("HasMoreDeliveryStreams", hasMore);
  }

  private String typeOf(String name) {
    try {
      return bridge.describe(name).config().deliveryStreamType();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private Body describe(Input in) {
    DeliveryStreamDescription d = bridge.describe(Requests.name(in));
    DeliveryStreamConfig c = d.config();
    return out ->
        out.object(
            "DeliveryStreamDescription",
            o -> {
              o.string("DeliveryStreamName", c.name())
                  .string("DeliveryStreamARN", d.arn())
                  .string("DeliveryStreamStatus", d.status())
                  .string("DeliveryStreamType", c.deliveryStreamType())
                  .string("VersionId", String.valueOf(d.versionId()))
                  .timestamp("CreateTimestamp", d.createTimestamp())
                  .timestamp("LastUpdateTimestamp", d.createTimestamp());
              if (c.source() instanceof Source.KinesisStream k) {
                o.object(
                    "Source",
                    s ->
                        s.object(
                            "KinesisStreamSourceDescription",
                            k2 ->
                                k2.string(
                                    "KinesisStreamARN",
                                    "arn:aws:kinesis:"
                                        + bridge.config().region()
                                        + ":"
                                        + bridge.config().account()
                                        + ":stream/"
                                        + k.streamName())));
              }
              o.objects(
                  "Destinations",
                  List.of(DestinationDescriptions.of(c)),
                  DestinationDescriptions::write);
              o.bool("HasMoreDestinations", false);
            });
  }
}
